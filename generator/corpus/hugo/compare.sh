#!/usr/bin/env bash
# Side-by-side build times of bulletin and Hugo 0.152 on the same generated
# corpus, on this machine, alternating runs into fresh folders.
#
#   CGO_ENABLED=0 GOBIN=/tmp/hugo-bin go install github.com/gohugoio/hugo@v0.152.2
#   go run ./generator/corpus/cmd/gencorpus -n 10000 -out /tmp/c10k
#   generator/corpus/hugo/compare.sh /tmp/c10k /tmp/hugo-bin/hugo 3
#
# The Hugo site is this folder (hugo.yaml, layouts/, i18n/) plus the
# corpus's content converted by convert.py and bulletin's own stylesheet. It
# is a like-for-like theme (header, navigation, metadata table, lists of 20,
# taxonomies, feeds, sitemap) without bulletin's related lists, lifecycle
# states and year archives, and with a feed per term that bulletin does not
# write. Outputs are removed only after all runs: on a journal-less ext4 a
# large delete slows file creation for about 30 s. Each run starts after
# sync, so that neither tool pays for writing back the files of the one
# before it (or of the conversion, before the first run).
set -euo pipefail
corpus=${1:?usage: compare.sh CORPUS_DIR HUGO_BINARY [RUNS]}
hugo=${2:?usage: compare.sh CORPUS_DIR HUGO_BINARY [RUNS]}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

site=$work/hugo-site
mkdir -p "$site/assets"
cp -r "$here/hugo.yaml" "$here/layouts" "$here/i18n" "$site/"
cp "$repo/templates/assets/style.css" "$site/assets/"
python3 "$here/convert.py" "$corpus/content" "$site/content"
(cd "$repo" && go build -o "$work/bulletin" .)

"$hugo" version
times=$work/times
for i in $(seq "$runs"); do
  sync
  /usr/bin/time -a -o "$times" -f "bulletin run $i: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
    "$work/bulletin" build --quiet --source "$corpus" --dest "$work/out-b$i" --now 2021-12-31
  tail -1 "$times"
  sync
  /usr/bin/time -a -o "$times" -f "hugo     run $i: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
    "$hugo" build --quiet --source "$site" --destination "$work/out-h$i" --cacheDir "$work/cache-h$i" --logLevel warn
  tail -1 "$times"
done
echo "files: bulletin $(find "$work/out-b1" -type f | wc -l), hugo $(find "$work/out-h1" -type f | wc -l)"
# Medians of the wall times, their ratio, and the ratio of each pair of
# runs (bulletin's run i over Hugo's run i).
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
  }
  $1 == "bulletin" { b[++nb] = $4; pb[nb] = $4 }
  $1 == "hugo"     { h[++nh] = $4; ph[nh] = $4 }
  END {
    for (i = 1; i <= nh; i++) pairs = pairs sprintf(" %.3f", pb[i] / ph[i])
    mb = median(b, nb); mh = median(h, nh)
    printf "median wall: bulletin %.2f s, hugo %.2f s, ratio %.3f; run by run:%s\n", mb, mh, mb / mh, pairs
  }' "$times"
