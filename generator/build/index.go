package build

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"bulletin/generator/output"
	"bulletin/generator/render"
	"bulletin/generator/search"
	"bulletin/generator/site"
)

// indexer keeps the search index of a Builder's output current after
// incremental rebuilds. Indexing 10,000 notices takes seconds, far longer
// than a rebuild after one edit, so serve and watch let it run after the
// rebuild has written the pages (Options.IndexInBackground); a one-off
// build and the first build of a Builder write the index with everything
// else.
//
// Each update writes the new index's files (named by their content, so a
// file already there has the right bytes), then the manifest that names
// them, then removes the files the manifest no longer names: a browser
// reading the index at any moment finds a complete one. Updates run one
// at a time; one asked for while another runs replaces any waiting one.
type indexer struct {
	dest string

	mu      sync.Mutex
	done    *sync.Cond
	running bool
	next    []langDocs // the update waiting to run, if any
	pending bool
	err     error // the last update's error, reported by the next rebuild
	// Files written and removed by the updates since the last wait.
	written, removed int

	cache map[docKey]search.Doc // what Docs made of each page, by its state

	// The index of each language folder as the output has it, which an
	// update changes where an edit reaches; nil when not known.
	live map[string]*search.Live
}

// langDocs are the documents of one language's index.
type langDocs struct {
	dir  string // the index folder in the output, "search/" or "en/search/"
	docs []search.Doc
}

// docKey identifies what a page's document is made of.
type docKey struct {
	url       string
	frontHash uint64
	bodyHash  uint64
	state     site.State
}

func newIndexer(dest string) *indexer {
	x := &indexer{dest: dest, cache: map[docKey]search.Doc{}}
	x.done = sync.NewCond(&x.mu)
	return x
}

func indexDir(lg *site.Lang) string { return strings.TrimPrefix(lg.Prefix+"/", "/") + search.Dir }

// indexOnce writes the index of every language of s, for a build that
// keeps nothing for the next.
func indexOnce(s *site.Site) func(render.Writer) error {
	return func(w render.Writer) error {
		for _, lg := range s.Langs {
			if err := search.WritePages(w, indexDir(lg), lg.Pages); err != nil {
				return err
			}
		}
		return nil
	}
}

// writeLive indexes langs and writes them through w, returning the
// indexes to keep for the updates after edits.
func writeLive(w render.Writer, langs []langDocs) (map[string]*search.Live, error) {
	lives := map[string]*search.Live{}
	for _, lg := range langs {
		lv := search.NewLive(lg.docs)
		if err := search.WriteLive(w, lg.dir, lv); err != nil {
			return nil, err
		}
		lives[lg.dir] = lv
	}
	return lives, nil
}

// keep makes lives the indexes the updates start from, if the output they
// were written into was swapped in; else the next update indexes anew.
func (x *indexer) keep(lives map[string]*search.Live, swapped bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.live = lives
	if !swapped {
		x.live = nil
	}
}

// snapshot takes the documents of s, reusing those of unchanged pages;
// the update then reads no page, which the next rebuild may change.
func (x *indexer) snapshot(s *site.Site) []langDocs {
	cache := make(map[docKey]search.Doc, len(s.Pages))
	var out []langDocs
	for _, lg := range s.Langs {
		docs := make([]search.Doc, len(lg.Pages))
		var missing []*site.Page
		var at []int
		for i, p := range lg.Pages {
			k := docKey{p.URL, p.File.FrontHash, p.BodyHash, p.State}
			if d, ok := x.cache[k]; ok {
				docs[i] = d
				cache[k] = d
				continue
			}
			missing = append(missing, p)
			at = append(at, i)
		}
		for j, d := range search.Docs(missing) {
			p := missing[j]
			docs[at[j]] = d
			cache[docKey{p.URL, p.File.FrontHash, p.BodyHash, p.State}] = d
		}
		out = append(out, langDocs{dir: indexDir(lg), docs: docs})
	}
	x.cache = cache
	return out
}

// update starts writing the index of langs, or queues it behind the
// running update.
func (x *indexer) update(langs []langDocs) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.next, x.pending = langs, true
	if !x.running {
		x.running = true
		go x.run()
	}
}

func (x *indexer) run() {
	x.mu.Lock()
	for x.pending {
		langs := x.next
		x.next, x.pending = nil, false
		x.mu.Unlock()
		written, removed, err := x.write(langs)
		x.mu.Lock()
		x.err = err
		x.written += written
		x.removed += removed
	}
	x.running = false
	x.done.Broadcast()
	x.mu.Unlock()
}

// wait returns once no update runs or waits, with the files written and
// removed since the last wait and the last update's error.
func (x *indexer) wait() (written, removed int, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for x.running {
		x.done.Wait()
	}
	written, removed, err = x.written, x.removed, x.err
	x.written, x.removed, x.err = 0, 0, nil
	return written, removed, err
}

// takeErr returns the last finished update's error, without waiting.
func (x *indexer) takeErr() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	err := x.err
	x.err = nil
	return err
}

func (x *indexer) write(langs []langDocs) (written, removed int, err error) {
	x.mu.Lock()
	lives := x.live
	x.live = nil // until this update has written them
	x.mu.Unlock()
	next := map[string]*search.Live{}
	for _, lg := range langs {
		lv := lives[lg.dir]
		if lv == nil || !lv.Update(lg.docs) {
			lv = search.NewLive(lg.docs) // notices came, went or moved
		}
		n, err := x.writeLang(lg, lv)
		written += n
		if errors.Is(err, errMissing) {
			// A file the output should have is gone: write them all.
			lv = search.NewLive(lg.docs)
			n, err = x.writeLang(lg, lv)
			written += n
		}
		if err != nil {
			return written, removed, err // the old manifest still names complete files
		}
		next[lg.dir] = lv
		removed += x.removeStale(lg.dir, lv)
	}
	x.mu.Lock()
	x.live = next
	x.mu.Unlock()
	return written, removed, nil
}

// errMissing reports an index file the output lacks that an update did
// not write, taking it for unchanged.
var errMissing = errors.New("index file missing")

// writeLang writes the files of lv the output lacks, then its manifest.
func (x *indexer) writeLang(lg langDocs, lv *search.Live) (written int, err error) {
	var errs []error
	emitted := map[string]bool{}
	manifest, err := lv.Write(func(f search.File) error {
		emitted[f.Name] = true
		name := lg.dir + f.Name
		if _, err := os.Stat(filepath.Join(x.dest, filepath.FromSlash(name))); err == nil {
			return nil // named by its content: already right
		}
		errs = append(errs, output.Replace(x.dest, name, f.Data))
		written++
		return nil
	})
	if err := errors.Join(append(errs, err)...); err != nil {
		return written, err
	}
	for _, name := range lv.Names() {
		if emitted[name] {
			continue
		}
		if _, err := os.Stat(filepath.Join(x.dest, filepath.FromSlash(lg.dir+name))); err != nil {
			return written, errMissing
		}
	}
	old, _ := os.ReadFile(filepath.Join(x.dest, filepath.FromSlash(lg.dir+search.ManifestName)))
	if !bytes.Equal(old, manifest) {
		if err := output.Replace(x.dest, lg.dir+search.ManifestName, manifest); err != nil {
			return written, err
		}
		written++
	}
	return written, nil
}

// removeStale removes the index files in dir that lv's manifest does not
// name.
func (x *indexer) removeStale(dir string, lv *search.Live) (removed int) {
	keep := map[string]bool{search.ManifestName: true}
	for _, name := range lv.Names() {
		keep[name] = true
	}
	entries, _ := os.ReadDir(filepath.Join(x.dest, filepath.FromSlash(dir)))
	for _, e := range entries {
		name := dir + e.Name()
		if search.IsIndexFile(name) && !keep[e.Name()] {
			output.Remove(x.dest, name)
			removed++
		}
	}
	return removed
}
