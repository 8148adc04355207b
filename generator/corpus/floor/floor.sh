#!/usr/bin/env bash
# What a build costs besides its templates, on a generated corpus: the
# same site built three ways, alternating runs into fresh folders.
#
#   go run ./generator/corpus/cmd/gencorpus -n 100000 -out /tmp/c100k
#   TMPDIR=/dev/shm generator/corpus/floor/floor.sh /tmp/c100k 2
#
#   theme     the default theme, as a real build;
#   partials  the document partials that cost most on a notice page (the
#             metadata block, related and previous/next lists, contents,
#             head meta) replaced by constant text of about the size they
#             print: at most what rendering them in Go instead of in
#             html/template could save;
#   floor     every page one constant text of 16 KB (about the mean size
#             of a page) whose only action prints its language: no
#             template work at all. Reading, YAML, Markdown, links, QR
#             codes, the search index, feeds, sitemap and writing every
#             file are all still done.
#
# The outputs differ in their pages only; the files written are the same.
# Each run starts after sync. On a disk, outputs are removed only after
# all runs (a large delete slows the next run's writes); on tmpfs, where
# they would not fit side by side at 100,000 notices, after each run.
set -euo pipefail
corpus=${1:?usage: floor.sh CORPUS_DIR [RUNS]}
runs=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/bulletin" .)
for v in theme partials floor; do
  mkdir -p "$work/$v"
  cp -r "$corpus/content" "$corpus/config.yaml" "$work/$v/"
done

# text N: an HTML paragraph of N bytes of text.
text() { printf '<p>%*s</p>' "$1" '' | tr ' ' x; }

p=$work/partials/templates/partials
mkdir -p "$p"
echo "{{define \"meta\"}}$(text 1500){{end}}{{define \"term-link\"}}<a href=\"{{.URL}}\">{{.Name}}</a>{{end}}" >"$p/meta.html"
echo "{{define \"prevnext\"}}$(text 400){{end}}{{define \"related\"}}$(text 1200){{end}}{{define \"related-item\"}}{{end}}" >"$p/prevnext.html"
echo "{{define \"contents\"}}$(text 300){{end}}" >"$p/contents.html"
echo "{{define \"head-meta\"}}$(text 1000){{end}}{{define \"description\"}}{{with .Page}}{{or .Summary .Title}}{{else}}{{.Lang.Title}}{{end}}{{end}}{{define \"site-meta\"}}{{end}}{{define \"assets\"}}<link rel=\"stylesheet\" href=\"{{.Asset \"style.css\"}}\">{{end}}" >"$p/head-meta.html"

mkdir -p "$work/floor/templates"
# "main" stays called (never run) so that every kind's file still parses
# as a page of the theme.
echo "<!DOCTYPE html><html lang=\"{{.Lang.Code}}\">$(text 16000){{if false}}{{template \"main\" .}}{{end}}" >"$work/floor/templates/base.html"

times=$work/times
files=""
for i in $(seq "$runs"); do
  for v in theme partials floor; do
    sync
    /usr/bin/time -a -o "$times" -f "$v run $i: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
      "$work/bulletin" build --quiet --source "$work/$v" --dest "$work/out-$v$i" --now 2021-12-31
    tail -1 "$times"
    [ "$i" = 1 ] && files="$files $v $(find "$work/out-$v$i" -type f | wc -l)"
    if [ "$(stat -f -c %T "$work")" = tmpfs ]; then rm -rf "$work/out-$v$i"; fi
  done
done
echo "files:$files"
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
  }
  { w[$1, ++n[$1]] = $4; u[$1, n[$1]] = $7 }
  END {
    split("theme partials floor", vs, " ")
    for (k = 1; k <= 3; k++) {
      v = vs[k]; delete a; delete c
      for (i = 1; i <= n[v]; i++) { a[i] = w[v, i]; c[i] = u[v, i] }
      mw[v] = median(a, n[v]); mu[v] = median(c, n[v])
      printf "median %-8s %7.2f s wall, %7.2f s user\n", v, mw[v], mu[v]
    }
    printf "floor / theme %.3f, partials / theme %.3f (wall)\n", mw["floor"] / mw["theme"], mw["partials"] / mw["theme"]
  }' "$times"
