//go:build !linux

package cli

// preferHugePages is Linux only (see hugepages_linux.go).
func preferHugePages(size int) {}
