package gitrepo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// objectCacheSize bounds go-git's cache of decoded objects, shared by the
// clone and its alternates. The gate reads most trees and blobs once, so a
// small cache serves it as well as a large one (measured on moby: 8 MiB
// cost 10% more time than 32 MiB, 96 MiB saved 10% for 180 MB more);
// go-git's default (96 MiB) was most of hotlane's memory on small
// repositories.
const objectCacheSize = 16 * cache.MiByte

// offsetCacheSize bounds the cache of objects made from the packs that
// packSet reads (delta bases, mostly), shared by the clone and its
// alternates.
const offsetCacheSize = 24 << 20

// openRepository opens the clone at path (or a parent of it, or a linked
// worktree) for reading many objects: pack files stay open for the whole
// run, the object directories are listed once rather than probed for a
// loose object before every pack lookup (exclusiveAccess), and objects
// that live in other repositories through
// objects/info/alternates (git clone --shared or --reference, Jenkins'
// reference repositories) are read from there, following chains of
// alternates, with paths absolute or relative to the objects directory as
// git reads them. The caller closes it.
func openRepository(path string) (*git.Repository, error) {
	probe, err := git.PlainOpenWithOptions(path, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if strings.Contains(err.Error(), "objectformat") {
			return nil, fmt.Errorf("open git repository at %s: it uses SHA-256 object names (extensions.objectFormat), "+
				"which hotlane does not support: its git engine (go-git) reads SHA-1 repositories only; nothing was read or changed", path)
		}
		return nil, fmt.Errorf("open git repository at %s: %w (run hotlane inside a clone, or pass --repo)", path, err)
	}
	plain, ok := probe.Storer.(*filesystem.Storage)
	if !ok {
		return probe, nil
	}
	dotgit := plain.Filesystem()
	objectsDir := filepath.Join(commonDir(dotgit.Root()), "objects")
	c := cache.NewObjectLRU(objectCacheSize)
	opts := filesystem.Options{KeepDescriptors: true, ExclusiveAccess: exclusiveAccess}
	s := &layeredStorage{Storage: filesystem.NewStorageWithOptions(withoutAlternates{dotgit}, c, opts),
		dotgit: dotgit, objectsDir: objectsDir, cache: c, opts: opts, offsets: newOffsetCache(offsetCacheSize)}
	s.packs = []*packSet{openPackSet(objectsDir, s.offsets)}
	seen := map[string]bool{filepath.Clean(objectsDir): true}
	if err := s.addAlternates(objectsDir, c, opts, seen); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("open git repository at %s: %w", path, err)
	}
	var worktree billy.Filesystem
	if wt, err := probe.Worktree(); err == nil {
		worktree = wt.Filesystem
	}
	repo, err := git.Open(s, worktree)
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("open git repository at %s: %w", path, err)
	}
	return repo, nil
}

// exclusiveAccess makes go-git list the loose objects and the packs of an
// object directory once, and answer "is it loose?" from that list, instead
// of opening objects/xx/yyyy... before every object it reads from a pack
// (19% of the gate's time on a large repository). It is correct because
// nothing else writes objects into the clone while hotlane runs, and
// hotlane's own writes keep the lists true: a loose object it writes (a
// tag, through SetEncodedObject) clears the loose list, which is listed
// again on the next miss; a pack that gitrepo' fetch writes is announced
// by refresh. (An external `git gc` during a run could already break the
// open pack files before this; hotlane runs its hooks last.)
const exclusiveAccess = true

// closeRepository releases what openRepository holds open.
func closeRepository(repo *git.Repository) error {
	if c, ok := repo.Storer.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

// commonDir is the directory that holds the objects of the git directory
// dir: itself, or for a linked worktree the one its commondir file names.
func commonDir(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "commondir"))
	if err != nil {
		return dir
	}
	common := strings.TrimSpace(string(b))
	if !filepath.IsAbs(common) {
		common = filepath.Join(dir, common)
	}
	return common
}

// addAlternates adds the object directories that objectsDir's
// info/alternates names, and theirs in turn, each once.
func (s *layeredStorage) addAlternates(objectsDir string, c cache.Object, opts filesystem.Options, seen map[string]bool) error {
	dirs, err := readAlternates(objectsDir)
	if err != nil {
		return err
	}
	for _, dir := range dirs {
		if seen[dir] {
			continue
		}
		seen[dir] = true
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("%s names the object directory %s, which is not there: the clone borrows objects from a repository that moved or is gone "+
				"(restore it, or make the clone self-contained with `git repack -a -d` and remove objects/info/alternates)",
				filepath.Join(objectsDir, "info", "alternates"), dir)
		}
		if filepath.Base(dir) != "objects" {
			return fmt.Errorf("the alternate object directory %s is not named objects: hotlane reads alternates only inside a git directory (DIR/objects)", dir)
		}
		alt := filesystem.NewStorageWithOptions(withoutAlternates{osfs.New(filepath.Dir(dir))}, c, opts)
		s.alternates = append(s.alternates, alt)
		s.packs = append(s.packs, openPackSet(dir, s.offsets))
		if err := s.addAlternates(dir, c, opts, seen); err != nil {
			return err
		}
	}
	return nil
}

// readAlternates lists the object directories in objectsDir/info/alternates,
// as absolute paths: one a line, relative ones from objectsDir, blank lines
// and # comments skipped (git's rules).
func readAlternates(objectsDir string) ([]string, error) {
	f, err := os.Open(filepath.Join(objectsDir, "info", "alternates"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the alternates of %s: %w", objectsDir, err)
	}
	defer f.Close()
	var dirs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, `"`) {
			return nil, fmt.Errorf("%s: quoted alternate paths are not supported: %s", filepath.Join(objectsDir, "info", "alternates"), line)
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(objectsDir, line)
		}
		dirs = append(dirs, filepath.Clean(line))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the alternates of %s: %w", objectsDir, err)
	}
	return dirs, nil
}

// layeredStorage is a clone's storage whose object reads fall back, in
// order, to the object directories the clone borrows from. Writes go to
// the clone.
type layeredStorage struct {
	*filesystem.Storage
	alternates []*filesystem.Storage
	// packs reads the packs of the clone (packs[0]) and of each alternate
	// (packs[i+1]) before go-git does; offsets is their cache
	packs   []*packSet
	offsets *offsetCache

	// what refresh needs to open the clone's storage again
	dotgit     billy.Filesystem
	objectsDir string
	cache      cache.Object
	opts       filesystem.Options
}

// refresh opens the clone's own storage again, so that a pack written
// into objectsDir behind go-git's back (gitrepo' fetch writes and indexes
// packs itself) is listed and its index read. The object cache is kept:
// objects never change under their name. The alternates are read-only
// and stay as they are.
func (s *layeredStorage) refresh() error {
	old := s.Storage
	s.Storage = filesystem.NewStorageWithOptions(withoutAlternates{s.dotgit}, s.cache, s.opts)
	err := old.Close()
	if e := s.reopenPacks(); err == nil {
		err = e
	}
	return err
}

// firstFound asks the clone, then each alternate in turn while the answer
// is "object not found"; in each, the packs it reads itself (packed),
// then go-git (read) where those say "not here".
func firstFound[T any](s *layeredStorage, h plumbing.Hash, packed func(*packSet) (T, error), read func(*filesystem.Storage) (T, error)) (T, error) {
	v, err := fromLayer(h, s.packs[0], s.Storage, packed, read)
	for i, alt := range s.alternates {
		if err != plumbing.ErrObjectNotFound {
			break
		}
		v, err = fromLayer(h, s.packs[i+1], alt, packed, read)
	}
	return v, err
}

// fromLayer asks one object directory: its packs, then go-git.
func fromLayer[T any](h plumbing.Hash, p *packSet, st *filesystem.Storage, packed func(*packSet) (T, error), read func(*filesystem.Storage) (T, error)) (T, error) {
	if packed != nil {
		v, err := packed(p)
		if err == errNotPacked && p.absent(h) {
			return v, plumbing.ErrObjectNotFound
		}
		if err != errNotHere && err != errNotPacked {
			return v, err
		}
	}
	return read(st)
}

// EncodedObject reads an object from the clone, else from an alternate.
func (s *layeredStorage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	return firstFound(s, h, func(p *packSet) (plumbing.EncodedObject, error) { return p.object(t, h) },
		func(st *filesystem.Storage) (plumbing.EncodedObject, error) { return st.EncodedObject(t, h) })
}

// ObjectInto reads h, an object of type want, into dst's memory, grown
// if need be, for a caller that reads it at once and then reuses dst: the
// object is not kept in the packs' cache (the delta bases it is made from
// are), and its content is valid until dst is used again. owned says the
// content is in memory the caller may reuse (dst's, or new); an object
// already cached, or read by go-git, is returned as it is there, not to
// be written. Another type is plumbing.ErrObjectNotFound.
func (s *layeredStorage) ObjectInto(want plumbing.ObjectType, h plumbing.Hash, dst []byte) (data []byte, owned bool, err error) {
	type read struct {
		data  []byte
		owned bool
	}
	r, err := firstFound(s, h, func(p *packSet) (read, error) {
		data, owned, err := p.objectInto(want, h, dst)
		return read{data, owned}, err
	}, func(st *filesystem.Storage) (read, error) {
		obj, err := st.EncodedObject(want, h)
		if err != nil {
			return read{}, err
		}
		data, err := readWhole(obj)
		return read{data, false}, err
	})
	return r.data, r.owned, err
}

// ObjectReader is what reads objects into the caller's memory (as
// ObjectInto does) on a goroutine of its own.
// (An alias, so that a consumer declares the same type without naming
// this package.)
type ObjectReader = interface {
	ObjectInto(want plumbing.ObjectType, h plumbing.Hash, dst []byte) (data []byte, owned bool, err error)
}

// NewObjectReader is a reader of the packs of the clone and its
// alternates for one other goroutine, beside the storage and other such
// readers: it has its own buffers on the pack files and its own
// decompressor, and shares the cache of delta bases. It answers only
// from those packs: an object they do not hold (loose, in a pack with an
// index of another version, a REF_DELTA whose base is elsewhere) is an
// error, for the storage itself to answer on its own goroutine. It must
// not be used once the storage is closed or its packs listed again.
func (s *layeredStorage) NewObjectReader() ObjectReader {
	r := make(packReaders, len(s.packs))
	for i, p := range s.packs {
		r[i] = p.newReader()
	}
	return r
}

// packReaders reads the packs of the clone, then of each alternate.
type packReaders []*packReader

func (r packReaders) ObjectInto(want plumbing.ObjectType, h plumbing.Hash, dst []byte) ([]byte, bool, error) {
	for _, pr := range r {
		data, owned, err := pr.objectInto(want, h, dst)
		if err != errNotPacked {
			return data, owned, err
		}
	}
	return nil, false, errNotHere
}

// readWhole reads an object's content into a buffer of its size.
func readWhole(obj plumbing.EncodedObject) ([]byte, error) {
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	_, err = io.ReadFull(r, data)
	return data, err
}

// DeltaObject reads an object, as a delta where stored so, from the clone,
// else from an alternate.
func (s *layeredStorage) DeltaObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	return firstFound(s, h, nil, func(st *filesystem.Storage) (plumbing.EncodedObject, error) { return st.DeltaObject(t, h) })
}

// HasEncodedObject says whether the clone or an alternate has h. It asks
// for the object's size: go-git's own HasEncodedObject, with the object
// directories listed (exclusiveAccess), looks only among loose objects
// and misses every packed one.
func (s *layeredStorage) HasEncodedObject(h plumbing.Hash) error {
	_, err := s.EncodedObjectSize(h)
	return err
}

// EncodedObjectSize is the size of h, from the clone or an alternate.
func (s *layeredStorage) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	return firstFound(s, h, func(p *packSet) (int64, error) { return p.size(h) },
		func(st *filesystem.Storage) (int64, error) { return st.EncodedObjectSize(h) })
}

// HashesWithPrefix lists the objects of the clone and its alternates whose
// names start with prefix (go-git resolves abbreviated names with it). The
// packs are searched in their indexes; go-git's own, which looked in the
// clone only, is asked where a directory has packs packSet does not read.
func (s *layeredStorage) HashesWithPrefix(prefix []byte) ([]plumbing.Hash, error) {
	seen := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	for i, st := range append([]*filesystem.Storage{s.Storage}, s.alternates...) {
		hashes, ok, err := s.packs[i].withPrefix(prefix)
		if err == nil && !ok {
			hashes, err = st.HashesWithPrefix(prefix)
		}
		if err != nil {
			return nil, err
		}
		for _, h := range hashes {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// PackfileWriter writes a pack into the clone through go-git (its fetch
// does); once written, the clone's packs are listed again so that the
// new one is read.
func (s *layeredStorage) PackfileWriter() (io.WriteCloser, error) {
	w, err := s.Storage.PackfileWriter()
	if err != nil {
		return nil, err
	}
	return &packWriter{WriteCloser: w, done: s.reopenPacks}, nil
}

// reopenPacks lists the clone's own packs again.
func (s *layeredStorage) reopenPacks() error {
	old := s.packs[0]
	s.packs[0] = openPackSet(s.objectsDir, s.offsets)
	return old.close()
}

// packWriter tells, once the pack is written, that it is there.
type packWriter struct {
	io.WriteCloser
	done func() error
}

func (w *packWriter) Close() error {
	err := w.WriteCloser.Close()
	if e := w.done(); err == nil {
		err = e
	}
	return err
}

// Close closes the pack files of the clone and its alternates.
func (s *layeredStorage) Close() error {
	err := s.Storage.Close()
	for _, alt := range s.alternates {
		if e := alt.Close(); err == nil {
			err = e
		}
	}
	for _, p := range s.packs {
		if e := p.close(); err == nil {
			err = e
		}
	}
	return err
}

// withoutAlternates hides objects/info/alternates from go-git, whose own
// fallback re-reads the file and every pack index of the alternate on each
// object it misses; layeredStorage reads alternates instead.
type withoutAlternates struct{ billy.Filesystem }

func (w withoutAlternates) isAlternates(name string) bool {
	return filepath.ToSlash(filepath.Clean(name)) == "objects/info/alternates"
}

func (w withoutAlternates) Open(name string) (billy.File, error) {
	if w.isAlternates(name) {
		return nil, os.ErrNotExist
	}
	return w.Filesystem.Open(name)
}

func (w withoutAlternates) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	if w.isAlternates(name) && flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) == 0 {
		return nil, os.ErrNotExist
	}
	return w.Filesystem.OpenFile(name, flag, perm)
}
