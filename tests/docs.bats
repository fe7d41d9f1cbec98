#!/usr/bin/env bats
# The README's tour runs as written (its lines are taken from README.md, so
# the README cannot drift from what works), and every link to a file in the
# repository's markdown resolves on a clone.

load common

# tour_block TAG: the shell lines between "<!-- TAG -->" and the next
# "<!-- end tour -->" in README.md, without the code fences.
tour_block() {
  awk -v tag="<!-- $1 -->" '$0 == tag { on = 1; next } /^<!-- end tour -->$/ { on = 0 }
    on && !/^```/ { print }' "$REPO/README.md"
}

# A clone's layout in $T: the tools under test as bin/, the shipped data.
tour_dir() {
  mkdir -p "$T/clone"
  ln -s "$(dirname "$(command -v lm-train)")" "$T/clone/bin"
  ln -s "$REPO/data" "$T/clone/data"
}

@test "README tour: every line runs, on the shipped data" {
  # every line as written, but the training budgets cut to 2 s (the
  # README's 20 + 10 s would be half a minute of each check build)
  tour_block tour | sed -E 's/--time [0-9]+/--time 2/' > "$T/tour.sh"
  grep -q -- '--time 2' "$T/tour.sh" || { echo "the tour trains no model"; return 1; }
  [ "$(wc -l < "$T/tour.sh")" -ge 15 ] || { echo "the tour block was not found"; return 1; }
  tour_dir
  cd "$T/clone"
  run bash -euo pipefail "$T/tour.sh"
  [ "$status" -eq 0 ] || { echo "$output" | tail -20; return 1; }
  # what it made: the round trip held (cmp would have failed), models
  # score, and both samplers wrote text after the prime
  [ -s tour/ts-kn5.lm ] && [ -s tour/ts-lstm.lm ] && [ -s tour/ts-lstm.tsv ]
  [[ "$output" == *"ppl"* ]]
  [[ "$output" == *"ROMEO:"* ]]
}

@test "README tour: the Penn Treebank part" {
  need_data "$PTB/ptb.train.txt" "$PTB/ptb.test.txt"
  tour_block "tour ptb" > "$T/ptb.sh"
  [ "$(wc -l < "$T/ptb.sh")" -ge 4 ] || { echo "the PTB tour block was not found"; return 1; }
  tour_dir
  mkdir -p "$T/clone/tour"
  cd "$T/clone/tour"
  export PATH="$T/clone/bin:$PATH"
  run env LM_DATA="$DATA" bash -euo pipefail "$T/ptb.sh"
  [ "$status" -eq 0 ] || { echo "$output" | tail -20; return 1; }
  # the perplexity the README states, computed here
  [[ "$output" =~ ppl[^0-9]*141\.1[89] ]] || { echo "$output"; return 1; }
}

@test "every link to a repository file in the markdown resolves" {
  bad=0
  while IFS= read -r md; do
    dir=$(dirname "$md")
    for link in $(grep -o '](\([^)#:]*\))' "$md" | sed 's/^](//; s/)$//'); do
      case "$link" in http*|mailto*|'') continue ;; esac
      [ -e "$dir/$link" ] || { echo "$md: $link does not exist"; bad=1; }
    done
  done < <(cd "$REPO" && git ls-files '*.md' | sed "s|^|$REPO/|")
  [ "$bad" = 0 ]
}
