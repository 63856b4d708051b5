#!/bin/sh
# Fails when a source file with translatable strings is missing from POTFILES.in, or
# when po/zh_CN.po lacks (or has fuzzy) translations for the strings the sources have
# now: a new string without its Chinese is a failing test, not a silent gap.
set -eu
srcdir=$1
cd "$srcdir"

missing=$(grep -rlE '(^|[^A-Za-z_])(N|C|NC)?_\(|translatable="yes"' src ui --include='*.c' --include='*.ui' \
          | sort | while read -r f; do grep -qxF "$f" po/POTFILES.in || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  echo "$missing"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --directory=. --output="$tmp/teller.pot" 2>"$tmp/xgettext.log" \
  || { cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching po/zh_CN.po "$tmp/teller.pot" -o "$tmp/zh_CN.po"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
echo "zh_CN: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "Untranslated strings:"
    msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep '^msgid' | head -40
    exit 1;;
esac
