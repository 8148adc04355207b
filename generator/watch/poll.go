package watch

// poll compares every file below the roots with what was seen at the last
// poll; changes join the current batch, and the batch ends once a poll finds
// nothing new for Debounce (or at MaxWait), as with file events.
func (w *Watcher) poll() {
	changes, _ := w.reconcile(w.rootScopes())
	if len(changes) == 0 {
		return
	}
	mergeChanges(w.pending, changes)
	w.arm()
}
