// Package watch tells `bulletin serve` and `bulletin watch` which source
// files changed, in batches: one batch per save, one batch per
// `git checkout`, and never a missed file.
//
// # Using it
//
//	w, err := watch.New(watch.Options{
//		Roots: []string{"site/content", "site/templates", "site/config.yaml"},
//	})
//	if err != nil {
//		return err // a *LimitError says which system limit to raise
//	}
//	defer w.Close()
//	for {
//		select {
//		case b, ok := <-w.Batches():
//			if !ok {
//				return nil // closed
//			}
//			rebuild(b.Changes)
//		case err := <-w.Errors():
//			log.Print(err) // the watcher keeps running
//		}
//	}
//
// # What is watched
//
// Each root is a folder, watched with everything below it (folders created
// later included), or a single file such as config.yaml. A root may be
// missing when New is called (a site without its own templates/ yet): it is
// picked up when it appears. The folder holding each root is watched too, so
// a root that is deleted and created again, or a file replaced by an atomic
// save, keeps being watched. That folder must exist when New is called. If
// it is deleted or renamed away later, every file of its roots is Removed;
// the watcher then looks for it four times a second, and once it is back
// its roots' files are Created and watched again.
//
// Do not pass the site folder itself as a root: the build writes public/
// inside it, and every build would trigger the next one.
//
// A symbolic link below a root that points to a file is reported like a
// file, but a change to its target outside the roots is noticed only when
// polling. Links to folders below a root are not followed; a root itself
// may be a link.
//
// # What a batch says
//
// A [Batch] lists files, never folders, sorted by path, each once, with what
// happened to it between the end of the previous batch and the end of this
// one: [Created], [Modified] or [Removed]. A file renamed away is Removed, a
// file renamed into a root is Created, so renaming a.md to b.md is Removed
// a.md plus Created b.md. A new folder, also one moved in with files in it,
// is Created for each file in it; a removed folder is Removed for each file
// that was in it. A file created and deleted within one batch is not
// reported. Paths are the root as given (cleaned) joined with the path below
// it: root "site/content" reports "site/content/notices/a.md".
//
// A batch ends when no file event arrived for Options.Debounce (100ms), or
// at Options.MaxWait (1s) under a continuous stream of events, so a long
// copy still shows progress. While the receiver is busy (rebuilding), new
// changes join the batch it will receive next: a slow rebuild never faces a
// queue of stale batches.
//
// # Ignored names
//
// Editors and tools leave temporary files beside the ones being edited. A
// file or folder is ignored, never reported and never watched, when its name
// (or the name of a folder it is in, below the root):
//
//   - starts with "." (dot files and folders such as .git, vim's .x.md.swp,
//     emacs' lock files .#x.md);
//   - ends with ".swp", ".swx", "~" (vim swap, emacs and vim backups) or
//     ".tmp";
//   - is "#x.md#" (emacs auto-save) or "4913" (vim's probe file);
//   - ends with "___jb_tmp___" or "___jb_old___" (JetBrains safe write);
//   - is ignored by Options.Ignore.
//
// A root given by name is never ignored.
//
// # Atomic saves
//
// Many editors save by writing a temporary file and renaming it over the
// original, or by renaming the original to a backup first. The watcher looks
// at the file system when a batch ends, not at the individual events, so
// either way the batch holds a single Modified for the saved file.
//
// # Polling
//
// File events do not cross network file systems (NFS, SMB) or some container
// mounts (Docker Desktop, WSL 2 with Windows folders). With Options.Poll set,
// the watcher instead looks at every file's size and modification time at
// that interval and reports the same batches. A change that keeps both the
// size and the modification time is not seen; polling a large site costs a
// scan of its folders every interval.
//
// # System limits
//
// Linux allows each user a fixed number of watched folders
// (fs.inotify.max_user_watches) and watcher instances
// (fs.inotify.max_user_instances). When one runs out, New returns, or Errors
// sends, a [*LimitError] whose message names the limit, the command that
// raises it, and the --poll alternative. The watcher never crashes on it:
// it keeps running without the folders it could not watch, whose changes
// are missed until it is started again with the limit raised, or polling.
package watch

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults for the zero values in Options.
const (
	DefaultDebounce = 100 * time.Millisecond
	DefaultMaxWait  = time.Second
)

// Options configure a Watcher.
type Options struct {
	// Roots are the folders (watched recursively) and files to watch,
	// e.g. a site's content/, templates/ and config.yaml.
	Roots []string
	// Debounce is the quiet time that ends a batch. Default 100ms.
	Debounce time.Duration
	// MaxWait ends a batch that long after its first change even when
	// events keep coming. Default 1s.
	MaxWait time.Duration
	// Poll, when positive, checks the files' sizes and modification times
	// at this interval instead of asking the system for file events. Use it
	// on network and container file systems.
	Poll time.Duration
	// Ignore, when set, ignores files and folders whose base name it
	// accepts, in addition to the editor litter ignored always.
	Ignore func(name string) bool
}

// Op says what happened to a file during a batch.
type Op uint8

// The kinds of change.
const (
	Created  Op = iota + 1 // the file did not exist before the batch and does now
	Modified               // the file existed before and after the batch, and was written or replaced
	Removed                // the file existed before the batch and does not now
)

// String returns "created", "modified" or "removed".
func (o Op) String() string {
	switch o {
	case Created:
		return "created"
	case Modified:
		return "modified"
	case Removed:
		return "removed"
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Change is what happened to one file.
type Change struct {
	Path string
	Op   Op
}

// String returns e.g. "modified content/notices/a.md".
func (c Change) String() string { return c.Op.String() + " " + c.Path }

// Batch is the set of changes since the previous batch: sorted by path, one
// entry per path with its final kind, never empty.
type Batch struct {
	Changes []Change
}

// Watcher watches the roots and sends batches of changes. Create it with New
// and stop it with Close.
type Watcher struct {
	opt   Options
	roots []string
	fw    *fsnotify.Watcher // nil when polling

	// State below is owned by the run goroutine once New returns.
	known   map[string]fileStat // every file below the roots, as last seen
	folders map[string]bool     // every folder below the roots, as last seen
	dirs    map[string]bool     // folders with a watch on them
	parents map[string]bool     // folders holding a root; true while watched, false while gone
	dirty   map[string]bool     // paths with events in this batch; true: content may have changed
	pending map[string]span     // changes found by polling in this batch
	ready   map[string]span     // changes waiting for the receiver
	batch   Batch               // ready, as a Batch
	start   time.Time           // when the current batch began; zero when none
	timer   *time.Timer
	// retry ticks while the folder holding a root is gone, to watch it
	// again once it is back; nil otherwise.
	retry       <-chan time.Time
	retryTicker *time.Ticker
	limited     bool // a LimitError was sent and no watch has been added since
	// Problems met by the current and the previous reconcile, so that
	// polling reports an unreadable folder once, not every interval.
	problems, lastProblems map[string]bool

	batches   chan Batch
	errs      chan error
	fsErrs    chan error  // fsnotify's errors, forwarded without ever blocking it
	fsDropped atomic.Bool // an fsnotify error did not fit in fsErrs
	done      chan struct{}
	stopped   chan struct{}
	forwarded sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// New starts watching opt.Roots. Files that exist now are the baseline: the
// first batch reports what changes after New returns.
func New(opt Options) (*Watcher, error) {
	if len(opt.Roots) == 0 {
		return nil, errors.New("watch: no roots to watch")
	}
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = DefaultMaxWait
	}
	opt.MaxWait = max(opt.MaxWait, opt.Debounce)
	w := &Watcher{
		opt:     opt,
		known:   map[string]fileStat{},
		folders: map[string]bool{},
		dirs:    map[string]bool{},
		parents: map[string]bool{},
		dirty:   map[string]bool{},
		pending: map[string]span{},
		ready:   map[string]span{},
		timer:   time.NewTimer(time.Hour),
		batches: make(chan Batch),
		errs:    make(chan error, 16),
		fsErrs:  make(chan error, 16),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	w.timer.Stop()
	for _, r := range opt.Roots {
		r = filepath.Clean(r)
		if !slices.Contains(w.roots, r) {
			w.roots = append(w.roots, r)
		}
	}
	if opt.Poll <= 0 {
		fw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, watchError("", err)
		}
		w.fw = fw
		if err := w.watchRoots(); err != nil {
			fw.Close()
			return nil, err
		}
		w.forwarded.Add(1)
		go w.forwardErrors()
	} else {
		w.reconcile(w.rootScopes())
	}
	go w.run()
	return w, nil
}

// Batches delivers the batches. It is closed by Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers problems that do not stop the watcher, such as a folder
// that could not be watched. Errors are dropped while 16 wait unread. It is
// closed by Close.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops the watcher and waits for its goroutines to end; then Batches
// and Errors are closed. Changes not yet delivered are dropped. Close may be
// called more than once.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() { close(w.done) })
	<-w.stopped
	return w.closeErr
}

// watchRoots sets up the watches of New: the folder holding each root, then
// the root itself, and records the files that exist.
func (w *Watcher) watchRoots() error {
	for _, r := range w.roots {
		parent := filepath.Dir(r)
		if parent == r || w.parents[parent] {
			continue
		}
		if err := w.fw.Add(parent); err != nil {
			return watchError(parent, err)
		}
		w.parents[parent] = true
	}
	_, err := w.reconcile(w.rootScopes())
	return err
}

// rootScopes asks reconcile to look at everything, comparing sizes and
// modification times.
func (w *Watcher) rootScopes() map[string]bool {
	scopes := map[string]bool{}
	for _, r := range w.roots {
		scopes[r] = false
	}
	return scopes
}

// forwardErrors passes fsnotify's errors on without ever blocking: fsnotify
// may send an error while holding the lock that Add needs, and run calls Add.
func (w *Watcher) forwardErrors() {
	defer w.forwarded.Done()
	for err := range w.fw.Errors {
		select {
		case w.fsErrs <- err:
		default:
			w.fsDropped.Store(true)
		}
	}
}

// run is the watcher's one goroutine: it owns all state.
func (w *Watcher) run() {
	defer w.shutdown()
	var events <-chan fsnotify.Event
	var tick <-chan time.Time
	if w.fw != nil {
		events = w.fw.Events
	} else {
		ticker := time.NewTicker(w.opt.Poll)
		defer ticker.Stop()
		tick = ticker.C
	}
	for {
		var out chan<- Batch
		if len(w.batch.Changes) > 0 {
			out = w.batches
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.handleEvent(ev)
		case err := <-w.fsErrs:
			w.handleError(err)
		case <-tick:
			w.poll()
		case <-w.retry:
			w.rewatchParents()
		case <-w.timer.C:
			w.endBatch()
		case out <- w.batch:
			w.ready = map[string]span{}
			w.batch = Batch{}
		}
	}
}

func (w *Watcher) shutdown() {
	w.timer.Stop()
	if w.retryTicker != nil {
		w.retryTicker.Stop()
	}
	if w.fw != nil {
		w.closeErr = w.fw.Close()
		w.forwarded.Wait()
	}
	close(w.batches)
	close(w.errs)
	close(w.stopped)
}

// handleEvent notes the path for the end of the batch. New folders get their
// watches at once, so that events inside them keep the batch open; folders
// removed or renamed away lose theirs.
func (w *Watcher) handleEvent(ev fsnotify.Event) {
	p := filepath.Clean(ev.Name)
	if w.parents[p] && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
		w.loseParent(p)
		return
	}
	if !w.relevant(p) {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.unwatch(p)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := w.stat(p); err == nil && info.IsDir() {
			w.reportLimit(w.scanFolder(p, nil))
		}
	}
	// A change of attributes alone (chmod, touch) counts only if the size
	// or modification time changed.
	w.dirty[p] = w.dirty[p] || ev.Op&^fsnotify.Chmod != 0
	w.arm()
}

// parentRetry is how often the watcher looks for a folder holding a root
// that was deleted or renamed away. Nothing can tell it the folder is back
// (its own parent is not watched), and a stat four times a second costs
// nothing while the folder is gone, which is rare.
const parentRetry = 250 * time.Millisecond

// loseParent handles the folder holding a root (the site folder) being
// deleted or renamed away: the roots in it are gone, their watches are
// dropped (after a rename they would report events under the old names),
// and the folder is looked for until it is back.
func (w *Watcher) loseParent(parent string) {
	w.parents[parent] = false
	_ = w.fw.Remove(parent) // usually gone already with the folder
	for _, r := range w.roots {
		if filepath.Dir(r) != parent {
			continue
		}
		w.unwatch(r)
		if _, ok := w.dirty[r]; !ok {
			w.dirty[r] = false
		}
	}
	w.arm()
	if w.retryTicker == nil {
		w.retryTicker = time.NewTicker(parentRetry)
		w.retry = w.retryTicker.C
	}
}

// rewatchParents watches again the folders holding roots that are back,
// and looks at their roots: whatever is in them now is Created.
func (w *Watcher) rewatchParents() {
	lost := 0
	for parent, watched := range w.parents {
		if watched {
			continue
		}
		if err := w.fw.Add(parent); err != nil {
			var le *LimitError
			if err := watchError(parent, err); errors.As(err, &le) {
				w.reportLimit(err)
			}
			lost++ // missing, or not a folder yet: try again
			continue
		}
		w.parents[parent] = true
		for _, r := range w.roots {
			if filepath.Dir(r) == parent {
				if _, ok := w.dirty[r]; !ok {
					w.dirty[r] = false
				}
			}
		}
		w.arm()
	}
	if lost == 0 {
		w.retryTicker.Stop()
		w.retryTicker, w.retry = nil, nil
	}
}

// handleError reacts to an fsnotify error. When the kernel's event queue
// overflowed, events were lost: the next batch compares everything.
func (w *Watcher) handleError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) || w.fsDropped.Swap(false) {
		for _, r := range w.roots {
			if _, ok := w.dirty[r]; !ok {
				w.dirty[r] = false
			}
		}
		w.arm()
	}
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.report(fmt.Errorf("watch: %w", err))
	}
}

// unwatch drops the watches of folder p and of the folders below it, which
// would otherwise report events under p's old name after a rename.
func (w *Watcher) unwatch(p string) {
	if !w.dirs[p] {
		return
	}
	for d := range w.dirs {
		if _, below := within(d, p); below || d == p {
			_ = w.fw.Remove(d) // usually gone already with the folder
			delete(w.dirs, d)
		}
	}
}

// arm (re)starts the timer that ends the batch: Debounce from now, but no
// later than MaxWait after the batch began.
func (w *Watcher) arm() {
	now := time.Now()
	if w.start.IsZero() {
		w.start = now
	}
	wait := min(w.opt.Debounce, w.start.Add(w.opt.MaxWait).Sub(now))
	w.timer.Reset(max(wait, 0))
}

// endBatch turns the batch's events into changes and queues them for the
// receiver, merged with any it has not taken yet.
func (w *Watcher) endBatch() {
	w.start = time.Time{}
	if len(w.dirty) > 0 {
		changes, err := w.reconcile(w.dirty)
		w.reportLimit(err)
		w.dirty = map[string]bool{}
		mergeChanges(w.pending, changes)
	}
	if len(w.pending) == 0 {
		return
	}
	for p, s := range w.pending {
		mergeSpan(w.ready, p, s)
	}
	w.pending = map[string]span{}
	w.batch = batchOf(w.ready)
}

// span is a file's existence at the start and at the end of a batch, which
// is all a Change says.
type span struct{ before, after bool }

func spanOf(op Op) span { return span{before: op != Created, after: op != Removed} }

func (s span) op() Op {
	switch {
	case !s.before:
		return Created
	case !s.after:
		return Removed
	}
	return Modified
}

// mergeSpan records that s followed what dst already says about p: the
// earlier start and the later end. A file that came and went is dropped.
func mergeSpan(dst map[string]span, p string, s span) {
	if prev, ok := dst[p]; ok {
		s.before = prev.before
	}
	if !s.before && !s.after {
		delete(dst, p)
		return
	}
	dst[p] = s
}

func mergeChanges(dst map[string]span, changes []Change) {
	for _, c := range changes {
		mergeSpan(dst, c.Path, spanOf(c.Op))
	}
}

func batchOf(spans map[string]span) Batch {
	b := Batch{Changes: make([]Change, 0, len(spans))}
	for p, s := range spans {
		b.Changes = append(b.Changes, Change{Path: p, Op: s.op()})
	}
	slices.SortFunc(b.Changes, func(x, y Change) int { return strings.Compare(x.Path, y.Path) })
	return b
}

// report sends a problem to Errors, or drops it when nobody is reading. A
// problem the previous reconcile met already is not sent again.
func (w *Watcher) report(err error) {
	if w.problems != nil {
		msg := err.Error()
		w.problems[msg] = true
		if w.lastProblems[msg] {
			return
		}
	}
	select {
	case w.errs <- err:
	default:
	}
}

// reportLimit reports a LimitError once, rather than for every folder of a
// new tree, until a watch is added again.
func (w *Watcher) reportLimit(err error) {
	if err == nil || w.limited {
		return
	}
	w.limited = true
	w.report(err)
}

// relevant says whether an event on p concerns a root: p is a root, or lies
// below one and is not ignored.
func (w *Watcher) relevant(p string) bool {
	for _, r := range w.roots {
		if p == r {
			return true
		}
		if rel, ok := within(p, r); ok {
			return !w.ignoredPath(rel)
		}
	}
	return false
}

func (w *Watcher) isRoot(p string) bool { return slices.Contains(w.roots, p) }

// within reports whether the clean path p lies below the clean folder dir,
// and p relative to dir.
func within(p, dir string) (rel string, ok bool) {
	switch {
	case dir == ".":
		if p == "." || p == ".." || filepath.IsAbs(p) || strings.HasPrefix(p, ".."+string(filepath.Separator)) {
			return "", false
		}
		return p, true
	case strings.HasSuffix(dir, string(filepath.Separator)): // "/"
		if len(p) > len(dir) && strings.HasPrefix(p, dir) {
			return p[len(dir):], true
		}
	case len(p) > len(dir)+1 && p[len(dir)] == filepath.Separator && strings.HasPrefix(p, dir):
		return p[len(dir)+1:], true
	}
	return "", false
}
