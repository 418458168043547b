package lanescan

import (
	"github.com/hotlane/hotlane/internal/check/patchid"
)

// part is a file's share of a patch-id, once computed.
type part struct {
	part patchid.Part
	ok   bool // false: the file's diff has no hunks, only whole patch-ids are exact
}

// filePart computes a file's part of the patch-id, once per distinct
// change: a chain of hotfixes and the main-line commit it may be squashed
// into often share a file's change, and windows of one chain share their
// ends.
func (c *collector) filePart(x change) (part, error) {
	if p, ok := c.parts[x]; ok {
		return p, nil
	}
	f, err := c.h.fileOnce(x)
	if err != nil {
		return part{}, err
	}

	var p part
	p.part, p.ok = patchid.FilePart(f)
	c.parts[x] = p
	return p, nil
}

// samePatch says whether two changes of the same paths have the same
// patch-id, comparing them file by file and stopping at the first file
// that differs, so that telling two large changes apart usually costs the
// diff of one file, not of all. first is compared first (the file most
// likely to differ). A change with a file that has no part is compared by
// its whole patch-id.
func (c *collector) samePatch(a, b []change, first string) (bool, error) {
	if len(a) != len(b) {
		return false, nil
	}
	order := make([]int, 0, len(a))
	for i := range a {
		if a[i].path != b[i].path {
			return false, nil
		}
		if a[i].path == first {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if a[i] == b[i] { // the same blobs: the same diff
			continue
		}
		pa, err := c.filePart(a[i])
		if err != nil {
			return false, err
		}
		pb, err := c.filePart(b[i])
		if err != nil {
			return false, err
		}
		if !pa.ok || !pb.ok {
			ia, err := c.patchID(a)
			if err != nil {
				return false, err
			}
			ib, err := c.patchID(b)
			return ia != "" && ia == ib, err
		}
		if pa.part != pb.part {
			return false, nil
		}
	}
	return true, nil
}

// patchID is a change's whole patch-id: the sum of its files' parts where
// each has one, else computed over the whole diff.
func (c *collector) patchID(ch []change) (string, error) {
	parts := make([]patchid.Part, 0, len(ch))
	for _, x := range ch {
		p, err := c.filePart(x)
		if err != nil {
			return "", err
		}
		if !p.ok {
			return c.h.patchID(ch)
		}
		parts = append(parts, p.part)
	}
	return patchid.Combine(parts), nil
}
