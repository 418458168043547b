//go:build unix

package gitrepo

import (
	"errors"
	"os"
	"syscall"
)

// mapFile maps a file read-only into memory: a pack index is searched in
// place, and only the pages a search touches are read, outside the Go heap
// (whose collector would otherwise let the heap grow by as much again).
// The caller calls unmap when done.
func mapFile(path string) (data []byte, unmap func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Size() <= 0 || fi.Size() > 1<<40 {
		return nil, nil, errors.New("empty or too large to map")
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
