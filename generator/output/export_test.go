package output

// SetTestHook makes every build of this process call f at the named
// moments ("staged", "commit", "aside", "swapped"); nil stops it.
func SetTestHook(f func(moment string)) { testHook = f }

// SetExchange replaces the one-step exchange of two folders, so tests take
// the two-rename fallback on Linux too; nil restores it.
func SetExchange(f func(a, b string) error) {
	if f == nil {
		f = exchangeFolders
	}
	exchange = f
}

// ExchangeFolders is the one-step exchange itself, so a test can see
// whether this system and file system have it.
func ExchangeFolders(a, b string) error { return exchangeFolders(a, b) }

// RemoveStale is what NewStage does beside dest when it may.
var RemoveStale = removeStale
