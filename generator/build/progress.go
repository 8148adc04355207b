package build

import (
	"sync/atomic"

	"bulletin/generator/render"
)

// Progress tells how far a running build is, for a progress line on a
// terminal: the step it is at and, where the step counts, how many of
// how many files. The build writes it and anyone may read it meanwhile;
// a nil *Progress counts nothing.
type Progress struct {
	step        atomic.Pointer[string]
	done, total atomic.Int64
}

// Read returns the step ("" before the first) and its count; total is 0
// for a step that does not count.
func (p *Progress) Read() (step string, done, total int64) {
	if s := p.step.Load(); s != nil {
		step = *s
	}
	return step, p.done.Load(), p.total.Load()
}

// Steps a build reports, in order.
const (
	StepRead   = "reading content"
	StepGraph  = "converting Markdown, linking pages"
	StepRender = "rendering"
	StepExtras = "writing feeds, sitemap and search index"
	StepCheck  = "checking links, duplicates, dates and numbers"
)

// Start begins a step, of total files, or 0 when the step does not
// count: the build's own steps, and a caller's after the build (bulletin
// check's checks).
func (p *Progress) Start(step string, total int) {
	if p == nil {
		return
	}
	p.done.Store(0)
	p.total.Store(int64(total))
	p.step.Store(&step)
}

func (p *Progress) add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// counting is a render.Writer that counts the files written into p.
// Render tells it how many to expect (Planned).
type counting struct {
	w render.Writer
	p *Progress
}

func (c counting) WriteFile(name string, data []byte) error {
	err := c.w.WriteFile(name, data)
	c.p.add(1)
	return err
}

// Planned is called by render with the number of files it will write.
func (c counting) Planned(n int) {
	if c.p != nil {
		c.p.total.Store(int64(n))
	}
}
