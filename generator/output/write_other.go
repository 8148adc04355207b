//go:build !unix

package output

import "os"

// writeNew writes a file that is not open elsewhere.
func writeNew(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
