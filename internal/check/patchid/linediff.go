package patchid

import "sync"

// op is one line of a line diff.
type op struct {
	kind byte // ' ', '-' or '+'
	a, b int  // line index in the old and new file (for ' ' both)
}

// maxEditCost bounds the Myers search; past it the middle of the files is
// treated as wholly replaced (a valid diff, though not always git's).
const maxEditCost = 1024

// diffLines returns a shortest edit script from a to b, in order, shaped
// like git's: common prefix and suffix kept, Myers in between, and every
// group of changed lines slid as far down as equal lines allow (git's
// compaction without the indent heuristic).
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	// only the lines between the common prefix and suffix are numbered
	// for the search: a small change to a large file costs its size
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	delA := make([]bool, len(a))
	addB := make([]bool, len(b))
	myers(intern(a[pre:len(a)-suf]), intern(b[pre:len(b)-suf]), delA[pre:len(a)-suf], addB[pre:len(b)-suf])
	slideDown(delA, func(i, j int) bool { return a[i] == a[j] }, nil)
	slideDown(addB, func(i, j int) bool { return b[i] == b[j] }, nil)

	lastA, lastB := lastTrue(delA), lastTrue(addB)
	// unchanged lines before the first change and after the last, beyond
	// what hunks show as context, are left out
	i := max(pre-context, 0)
	j := i
	var ops []op
	for i < len(a) || j < len(b) {
		if i > lastA+context && j > lastB+context {
			break
		}
		switch {
		case i < len(a) && delA[i]:
			ops = append(ops, op{'-', i, j})
			i++
		case j < len(b) && addB[j]:
			ops = append(ops, op{'+', i, j})
			j++
		default:
			ops = append(ops, op{' ', i, j})
			i++
			j++
		}
	}
	return ops
}

func lastTrue(marks []bool) int {
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i] {
			return i
		}
	}
	return -1
}

// myers marks the lines of x to delete and of y to add, by the greedy
// O(ND) algorithm with its trace kept for the walk back.
func myers(x, y []int, del, add []bool) {
	s := traces.Get().(*traceScratch)
	defer traces.Put(s)
	trace, found := s.myersTrace(x, y)
	if found < 0 { // empty side, or too costly: replace the whole middle
		markAll(del)
		markAll(add)
		return
	}
	i, j := len(x), len(y)
	for d := found; d > 0; d-- {
		saved := trace[d]
		vd := func(k int) int { return saved[k+d+1] }
		k := i - j
		var prevK int
		if k == -d || (k != d && vd(k-1) < vd(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevI := vd(prevK)
		prevJ := prevI - prevK
		for i > prevI && j > prevJ {
			i--
			j--
		}
		if prevK == k+1 {
			add[prevJ] = true
		} else {
			del[prevI] = true
		}
		i, j = prevI, prevJ
	}
}

// traceScratch is the memory of Myers searches, reused: a diff of a large
// file's middle can take a thousand rounds, and a new slice for each
// round was a tenth of the gate's allocations. The rounds are cut from
// chunks kept from one search to the next.
type traceScratch struct {
	v      []int
	rounds [][]int
	chunks [][]int
	chunk  int // the chunk being cut
	used   int // of it
}

// traceChunk is how many ints a chunk holds: a round takes at most
// 2*maxEditCost+3.
const traceChunk = 8 << 10

var traces = sync.Pool{New: func() any { return new(traceScratch) }}

// keep copies a round's diagonals into the chunks.
func (s *traceScratch) keep(w []int) []int {
	if s.chunk == len(s.chunks) || s.used+len(w) > traceChunk {
		if s.chunk < len(s.chunks) {
			s.chunk++
		}
		if s.chunk == len(s.chunks) {
			s.chunks = append(s.chunks, make([]int, traceChunk))
		}
		s.used = 0
	}
	out := s.chunks[s.chunk][s.used : s.used+len(w) : s.used+len(w)]
	copy(out, w)
	s.used += len(w)
	return out
}

// myersTrace runs the forward pass: the furthest-reaching paths of each
// round, and the round (edit cost) that reached the end; -1 when a side
// is empty or the cost passes maxEditCost. Round d's trace holds the
// diagonals -(d+1)..d+1, the ones it can read. The trace is s's memory,
// valid until s is used again.
func (s *traceScratch) myersTrace(x, y []int) (trace [][]int, found int) {
	n, m := len(x), len(y)
	if n == 0 || m == 0 {
		return nil, -1
	}
	maxD := min(n+m, maxEditCost)
	offset := maxD + 1
	if cap(s.v) < 2*maxD+3 {
		s.v = make([]int, 2*maxD+3)
	}
	v := s.v[:2*maxD+3]
	clear(v)
	s.chunk, s.used = 0, 0
	trace = s.rounds[:0]
	defer func() { s.rounds = trace[:0] }()
	for d := 0; d <= maxD; d++ {
		// keep only the diagonals round d can read: -(d+1)..d+1
		trace = append(trace, s.keep(v[offset-d-1:offset+d+2]))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				i = v[offset+k+1] // down: insertion
			} else {
				i = v[offset+k-1] + 1 // right: deletion
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i++
				j++
			}
			v[offset+k] = i
			if i >= n && j >= m {
				return trace, d
			}
		}
	}
	return trace, -1
}

func markAll(marks []bool) {
	for i := range marks {
		marks[i] = true
	}
}

// slideDown moves each group of changed lines as far down as the file
// allows: while the line after a group equals the group's first line, the
// group can start one line later and describe the same change. same says
// whether lines i and j are equal; more, when not nil, appends the next
// line of what follows the marked lines (false when there is none), so a
// group can slide into lines not split yet. It returns the marks, with
// one for each line more appended.
func slideDown(marks []bool, same func(i, j int) bool, more func() bool) []bool {
	grow := func() bool {
		if more == nil || !more() {
			return false
		}
		marks = append(marks, false)
		return true
	}
	for start := 0; start < len(marks); {
		if !marks[start] {
			start++
			continue
		}
		end := start
		for end < len(marks) && marks[end] {
			end++
		}
		for (end < len(marks) || grow()) && !marks[end] && same(start, end) {
			marks[start], marks[end] = false, true
			start++
			end++
			for end < len(marks) && marks[end] { // merged into the next group
				end++
			}
		}
		start = end
	}
	return marks
}
