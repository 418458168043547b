//go:build !unix

package gitrepo

import "os"

// mapFile reads a file into memory (where mmap is not at hand); unmap
// does nothing.
func mapFile(path string) (data []byte, unmap func() error, err error) {
	data, err = os.ReadFile(path)
	return data, func() error { return nil }, err
}
