package lanescan

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/hotlane/hotlane/internal/check/patchid"
)

// Reading files' versions on every core.
//
// Relating pairs of commits and comparing patch-ids file by file read
// each change's two versions of a file, made from the packs (inflated,
// delta chains applied): most of the gate's time where hotfixes are
// adapted or picked with changes. Each change's reading is independent of
// the others', so the changes a step will most likely read are read
// first, on every core, each core with its own reader of the packs (they
// share the cache of delta bases). What a reader cannot answer (an object
// only go-git reads, a broken one) is left out, for the step to read, and
// to report, on the collector's own goroutine. What is computed is the
// same either way: a pure function of the two versions.

// objectReaders is a storage that also reads objects on other goroutines
// (gitrepo's): each reader for one goroutine, beside the storage.
type objectReaders interface {
	NewObjectReader() objectInto
}

// minPrefetch is the fewest changes worth starting goroutines for.
const minPrefetch = 8

// prefetchLines reads, ahead, the line sets of changes not read yet.
func (c *collector) prefetchLines(xs []change) {
	prefetch(c, xs, func(x change) bool { _, ok := c.lines[x]; return ok || !hasLines(x) },
		func(f patchid.File) lineSet { return linesOf(f.Old, f.New) },
		func(x change, s lineSet) { c.lines[x] = s })
}

// prefetchParts computes, ahead, the patch-id parts of changes not
// computed yet.
func (c *collector) prefetchParts(xs []change) {
	prefetch(c, xs, func(x change) bool { _, ok := c.parts[x]; return ok },
		func(f patchid.File) part { p, ok := patchid.FilePart(f); return part{part: p, ok: ok} },
		func(x change, p part) { c.parts[x] = p })
}

// changeList lists changes, each once.
type changeList struct {
	list []change
	seen map[change]bool
}

func (l *changeList) add(xs ...change) {
	if l.seen == nil {
		l.seen = map[change]bool{}
	}
	for _, x := range xs {
		if !l.seen[x] {
			l.seen[x] = true
			l.list = append(l.list, x)
		}
	}
}

// prefetch computes of from the file versions of each change in xs (each
// listed once) that done does not answer, on every core, and hands each result to keep (on
// the calling goroutine, in the order of xs). It does nothing on one core,
// for a few changes, or on a storage without readers for other goroutines.
func prefetch[T any](c *collector, xs []change, done func(change) bool, of func(patchid.File) T, keep func(change, T)) {
	rs, ok := c.h.repo.Storer.(objectReaders)
	workers := runtime.GOMAXPROCS(0)
	if !ok || workers < 2 {
		return
	}
	var todo []change
	for _, x := range xs {
		if !done(x) {
			todo = append(todo, x)
		}
	}
	if len(todo) < c.h.minReadAhead {
		return
	}
	results := make([]T, len(todo))
	read := make([]bool, len(todo))
	// the versions of one path are read by one goroutine: they share
	// delta chains, which two would make twice at once
	byPath := map[string]int{}
	var groups [][]int
	for i, x := range todo {
		g, ok := byPath[x.path]
		if !ok {
			g = len(groups)
			byPath[x.path] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(groups)) {
		blob := readerBlobs(rs.NewObjectReader())
		wg.Add(1)
		go func() {
			defer wg.Done()
			var bufs [2][]byte
			for g := int(next.Add(1) - 1); g < len(groups); g = int(next.Add(1) - 1) {
				for _, i := range groups[g] {
					f, err := fileThrough(blob, todo[i], &bufs)
					if err == nil {
						results[i], read[i] = of(f), true
					}
				}
			}
		}()
	}
	wg.Wait()
	for i, x := range todo {
		if read[i] {
			c.h.diffed()
			c.h.readAhead++
			keep(x, results[i])
		}
	}
}

// readerBlobs reads blobs through r into the caller's buffers (fileThrough
// always passes them), as History.blob reads them through the storage.
func readerBlobs(r objectInto) blobReader {
	return func(mode filemode.FileMode, hash plumbing.Hash, buf *[]byte) ([]byte, error) {
		if mode == filemode.Submodule {
			return submoduleContent(hash), nil
		}
		data, err := intoBuffer(r, plumbing.BlobObject, hash, buf)
		if err != nil {
			return nil, fmt.Errorf("read blob %s: %w", hash, err)
		}
		return data, nil
	}
}
