package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Output is a site rendered in memory: every file the build would write,
// by output path ("notices/spring/index.html"), with the bytes of its HTML
// files. It is a render.Writer; give it to the build as
// build.Options.Output (with an empty Dest).
type Output struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewOutput returns an empty Output.
func NewOutput() *Output { return &Output{files: map[string][]byte{}} }

// WriteFile implements render.Writer.
func (o *Output) WriteFile(name string, data []byte) error {
	if name == "" || strings.HasPrefix(name, "/") {
		return fmt.Errorf("refusing to write %q: output paths are relative", name)
	}
	if strings.HasSuffix(name, ".html") {
		data = append([]byte(nil), data...) // the renderer reuses its buffers
	} else {
		data = nil // only HTML is read again: feeds and files need only their names
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.files[name] = data
	return nil
}

// Has reports whether the output holds a file.
func (o *Output) Has(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.files[name]
	return ok
}

// File returns an HTML file's bytes (nil for other files).
func (o *Output) File(name string) []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.files[name]
}

// Names returns the output paths, sorted.
func (o *Output) Names() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Sorted(maps.Keys(o.files))
}
