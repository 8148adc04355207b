package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomDocs makes n notices from a small vocabulary, so that they share
// most of their terms, as a real site's do.
func randomDocs(rng *rand.Rand, n int) []Doc {
	var docs []Doc
	for i := range n {
		d := Doc{
			URL:        "/notices/" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + "/",
			Title:      randomText(rng, 2),
			Body:       randomText(rng, 30+rng.IntN(60)),
			Date:       day(1 + rng.IntN(28)),
			Department: []string{[]string{"民政局", "卫生健康委员会", "交通运输局"}[rng.IntN(3)]},
			Category:   []string{"通知", "公告", "倡议"}[rng.IntN(3)],
		}
		if rng.IntN(8) == 0 {
			d.State = "expired"
		}
		if rng.IntN(4) == 0 {
			d.Numbers = []string{"民发〔2021〕" + string(rune('1'+rng.IntN(9))) + "号"}
		}
		d.Excerpt = Excerpt(d.Body, excerptLen)
		docs = append(docs, d)
	}
	return docs
}

var vocabulary = strings.Fields("就地过年 春节 疫情防控 核酸检测 走访慰问 老年人 留守儿童 返乡 健康码 隔离 补贴 值班 " +
	"消费券 务工人员 社区 志愿者 口罩 通风 聚集 年货 视频拜年 COVID-19 2021 Omicron 3号")

func randomText(rng *rand.Rand, words int) string {
	var sb strings.Builder
	for range words {
		sb.WriteString(vocabulary[rng.IntN(len(vocabulary))])
		if rng.IntN(5) == 0 {
			sb.WriteString("，")
		}
	}
	return sb.String()
}

// TestLiveUpdateMatchesBuild edits a few notices at a time and checks
// that the Live index, updated and written, names exactly the files
// Build makes of the same notices, writing only the ones it lacked; and
// that it writes far fewer files than there are.
func TestLiveUpdateMatchesBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	docs := randomDocs(rng, 400)
	x := NewLive(docs)
	have := map[string][]byte{}
	collect := func(f File) error {
		if old, ok := have[f.Name]; ok && !bytes.Equal(old, f.Data) {
			t.Fatalf("%s written twice with different bytes", f.Name)
		}
		have[f.Name] = f.Data
		return nil
	}
	if _, err := x.Write(collect); err != nil {
		t.Fatal(err)
	}
	updated, written, total := 0, 0, 0
	for round := range 60 {
		docs = slices.Clone(docs)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(docs))
			d := docs[i]
			switch rng.IntN(4) {
			case 0: // a word swapped for another
				w := strings.Fields(strings.ReplaceAll(d.Body, "，", " "))
				d.Body = strings.Replace(d.Body, w[rng.IntN(len(w))], vocabulary[rng.IntN(len(vocabulary))], 1)
			case 1: // a sentence added
				d.Body += randomText(rng, 3)
			case 2:
				d.Title = randomText(rng, 2)
			case 3:
				d.Department = []string{"新设的办公室"}
				d.Category = "新类别"
			}
			d.Excerpt = Excerpt(d.Body, excerptLen)
			docs[i] = d
		}
		if !x.Update(docs) {
			x = NewLive(docs) // a mean moved: index anew, as serve does
		} else {
			updated++
		}
		before := len(have)
		manifest, err := x.Write(collect)
		if err != nil {
			t.Fatal(err)
		}
		wantManifest, files := Build(docs)
		if !bytes.Equal(manifest, wantManifest) {
			t.Fatalf("round %d: manifest differs from Build's:\n got %s\nwant %s", round, manifest, wantManifest)
		}
		for _, f := range files {
			if !bytes.Equal(have[f.Name], f.Data) {
				t.Fatalf("round %d: %s is not as Build makes it", round, f.Name)
			}
		}
		var m Manifest
		if err := json.Unmarshal(manifest, &m); err != nil {
			t.Fatal(err)
		}
		if names := x.Names(); len(names) != len(files) {
			t.Fatalf("round %d: Names gives %d files, Build makes %d", round, len(names), len(files))
		}
		written += len(have) - before
		total += len(files)
	}
	if updated < 40 {
		t.Errorf("only %d of 60 edits were applied in place; the rest indexed anew", updated)
	}
	if written*3 > total {
		t.Errorf("edits wrote %d files of %d: an edit should write only the shards and records it reaches", written, total)
	}
	t.Logf("%d of 60 edits in place; %d files written of %d", updated, written, total)
}

// TestLiveUpdateRefuses: a notice added, removed, redated or withdrawn
// changes document numbers, which Update leaves to a new index.
func TestLiveUpdateRefuses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	docs := randomDocs(rng, 50)
	redated := slices.Clone(docs)
	redated[4].Date = redated[4].Date.AddDate(0, 1, 0)
	withdrawn := slices.Clone(docs)
	withdrawn[9].State = "withdrawn"
	for name, next := range map[string][]Doc{
		"added":     append(slices.Clone(docs), randomDocs(rng, 1)[0]),
		"removed":   docs[1:],
		"redated":   redated,
		"withdrawn": withdrawn,
	} {
		x := NewLive(docs)
		if x.Update(next) {
			t.Errorf("%s: Update applied it in place", name)
		}
		if !x.Update(docs) {
			t.Errorf("%s: after refusing, Update of the same notices failed", name)
		}
	}
}

// TestEmptyIndex: a language with no pages still gets a manifest whose
// lists are empty arrays, which the browser script can walk.
func TestEmptyIndex(t *testing.T) {
	manifest, files := Build(nil)
	if len(files) != 0 {
		t.Errorf("an empty index has files: %v", files)
	}
	for _, field := range []string{`"shards":[]`, `"record_pages":[]`, `"department":[]`} {
		if !strings.Contains(string(manifest), field) {
			t.Errorf("manifest %s lacks %s", manifest, field)
		}
	}
	x := build(t, nil)
	if hits, err := x.Search("就地过年", Filter{}, 10); err != nil || len(hits) != 0 {
		t.Errorf("search of an empty index: %v, %v", hits, err)
	}
}
