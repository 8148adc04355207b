//go:build !linux

package output

import "errors"

// exchangeFolders is Linux's renameat2(RENAME_EXCHANGE); elsewhere swap
// takes two renames.
func exchangeFolders(a, b string) error { return errors.ErrUnsupported }
