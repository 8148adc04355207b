package feeds

import (
	"encoding/binary"
	"hash/maphash"
)

// seed keys this process's fingerprints; they are compared only within
// one serve session.
var seed = maphash.MakeSeed()

// Fingerprint hashes what the feed shows: its own fields and the whole of
// each entry, body included. serve writes a feed again only when its
// fingerprint changed.
func (f Feed) Fingerprint() uint64 {
	var b []byte
	str := func(ss ...string) {
		for _, s := range ss {
			b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	num := func(ns ...uint64) {
		for _, n := range ns {
			b = binary.LittleEndian.AppendUint64(b, n)
		}
	}
	str(f.Title, f.Subtitle, f.Lang, f.Dir, f.HTMLURL)
	_, offset := f.Updated.Zone()
	var zero uint64
	if f.Updated.IsZero() {
		zero = 1
	}
	num(uint64(f.Updated.UnixNano()), uint64(int64(offset)), zero, uint64(len(f.Entries)))
	for _, p := range f.Entries {
		num(p.File.Hash, p.BodyHash, uint64(p.State))
		str(p.URL, p.Title, p.Summary)
	}
	return maphash.Bytes(seed, b)
}
