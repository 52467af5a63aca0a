#!/usr/bin/env python3
"""tests/bench/gen.py: deterministic test articles for the benchmarks.

Writes, for a word count and a seed, an article of plausible prose (paragraphs
of sentences about a fictional river district, with counts, percentages, sums
of money and years), a revision of it with about 2% of its words edited, and
a list of passages of the original to cite:

    python3 gen.py WORDS OUTDIR [--seed S] [--rate R] [--quotes N]

    OUTDIR/old.txt      the article
    OUTDIR/new.txt      its revision
    OUTDIR/quotes.txt   N passages of old.txt, one a line, each occurring once in it

The revision substitutes words (numbers among them: "1,240" becomes "1,310"),
inserts and deletes a few, all spread evenly over the text, and in addition
removes one cited sentence and moves another cited sentence to a later
paragraph, so that a claim diff has every kind of change to report.

Every sentence here is made from the word lists below, written for this
project; nothing is taken from elsewhere. The same arguments always give the
same bytes (random.Random with a fixed seed; no hash-order dependence).
"""

import argparse
import os
import random
import re
import sys

PLACES = ["Harlow Bend", "Mirefield", "Oster Quay", "Calder Rise", "Wenlock Flats",
          "Pinmoor", "Ashgrove", "Tallis Crossing", "Dunmere", "Brackenholt",
          "Sorrel Point", "Keswith", "Laneby", "Marrow Hill", "Fennick"]
BODIES = ["the river board", "the district council", "the water authority",
          "the harbour trust", "the regional audit office", "the ferry cooperative",
          "the flood committee", "the planning office", "the tenants' union",
          "the school governors", "the transport panel", "the health trust"]
PEOPLE = ["Ines Marlow", "Tobias Renn", "Ada Koval", "Piet Sandor", "Lena Hurst",
          "Omar Fell", "Greta Lindqvist", "Rafe Dunning", "Mira Osei", "Joel Brant",
          "Nadia Cerny", "Colm Avery"]
ROLES = ["the board's chair", "a council engineer", "the harbour master",
         "a local shopkeeper", "the district auditor", "a retired ferry pilot",
         "the committee's secretary", "a hydrologist at the institute",
         "a spokesperson for the authority", "a parent at the village school"]
THINGS = ["pumping stations", "flood gates", "ferry crossings", "household meters",
          "bus routes", "storm drains", "river barges", "school places",
          "allotment plots", "footbridges", "rain gauges", "repair crews",
          "water mains", "sandbag depots", "street lamps", "grain silos"]
ADJS = ["older", "newer", "cheaper", "busier", "quieter", "larger", "smaller",
        "northern", "southern", "upstream", "downstream", "temporary",
        "permanent", "shared", "private", "public", "seasonal", "coastal"]
VERBS_PAST = ["repaired", "replaced", "inspected", "closed", "reopened", "funded",
              "counted", "surveyed", "upgraded", "moved", "cleared", "tested"]
VERBS_SAY = ["said", "told residents", "wrote in a letter", "argued",
             "confirmed", "warned", "noted", "insisted"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
CONNECT = ["However,", "Meanwhile,", "By contrast,", "In the same period,",
           "According to the minutes,", "Later that year,", "Even so,",
           "For now,", "In practice,", "At the hearing,"]
REASONS = ["after the spring floods", "because of rising costs",
           "to meet the new safety rules", "once the survey was finished",
           "despite objections from residents", "under an emergency order",
           "while the old bridge was shut", "as part of a five-year plan"]
OUTCOMES = ["the waiting list grew", "repairs fell behind", "complaints dropped",
            "fares went up", "the budget was revised", "two contracts were cancelled",
            "the inquiry was delayed", "services returned to normal"]
FILLER = ["also", "still", "only", "later", "again", "nearly", "mostly", "partly",
          "quietly", "formally", "already", "finally"]


def count(rng):
    """A count as an article writes it: 14, 320, 1,240, 18,500."""
    n = rng.choice([rng.randint(3, 99), rng.randint(100, 999), rng.randint(1000, 99999)])
    return f"{n:,}"


def percent(rng):
    return f"{rng.randint(2, 95)} percent"


def money(rng):
    return rng.choice([f"{rng.randint(2, 900)} million", f"{rng.randint(10, 990):,},000",
                       f"{rng.randint(1, 9)}.{rng.randint(1, 9)} million"])


def year(rng):
    return str(rng.randint(1998, 2024))


def years(rng):
    a, b = sorted(rng.sample(range(1998, 2025), 2))
    return f"{a} and {b}"


def date(rng):
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"


def qual(rng):
    return rng.choice(["", "", "about ", "at least ", "more than ", "nearly ", "up to ",
                       "fewer than ", "roughly "])


def sentence(rng):
    """One sentence from one of the templates, its slots drawn from rng."""
    P, B, W, R, T = (rng.choice(PLACES), rng.choice(BODIES), rng.choice(PEOPLE),
                     rng.choice(ROLES), rng.choice(THINGS))
    A, V = rng.choice(ADJS), rng.choice(VERBS_PAST)
    forms = [
        lambda: f"In {P}, {B} {V} {qual(rng)}{count(rng)} {T} between {date(rng)} and {date(rng)}.",
        lambda: f"{B.capitalize()} {V} {qual(rng)}{count(rng)} {A} {T} in {year(rng)}, {rng.choice(REASONS)}.",
        lambda: f"\"We {V} what we could, but {rng.choice(OUTCOMES)},\" {rng.choice(VERBS_SAY)} {W}, {R}.",
        lambda: f"{W}, {R}, {rng.choice(VERBS_SAY)} that {qual(rng)}{percent(rng)} of the {T} in {P} were {A} than planned.",
        lambda: f"The cost of the work in {P} reached {qual(rng)}{money(rng)} crowns, {rng.choice(['twice', 'three times', 'half', 'a third of'])} the sum agreed in {year(rng)}.",
        lambda: f"{rng.choice(CONNECT)} {B} {V} the {A} {T} near {P} {rng.choice(REASONS)}, and {rng.choice(OUTCOMES)}.",
        lambda: f"Records show {qual(rng)}{count(rng)} households in {P} waited {rng.randint(2, 40)} weeks for {A} {T}.",
        lambda: f"{rng.choice(CONNECT)} {rng.choice(OUTCOMES)} in {P}, where {B} had {V} {count(rng)} {T} since {year(rng)}.",
        lambda: f"On {date(rng)}, {W} of {B} presented a plan for {count(rng)} {A} {T} worth {money(rng)} crowns.",
        lambda: f"The share of {A} {T} in {P} rose from {percent(rng)} in {year(rng)} to {percent(rng)} last year.",
        lambda: f"{W} {rng.choice(VERBS_SAY)} that the {T} at {P} were {V} {rng.choice(['twice', 'once', 'three times'])} before {rng.choice(OUTCOMES)}.",
        lambda: f"Neither {B} nor {rng.choice(BODIES)} would say why the {A} {T} of {P} were {V} {rng.choice(REASONS)}.",
        lambda: f"Between {years(rng)}, the number of {T} in {P} fell from {count(rng)} to {count(rng)}.",
        lambda: f"A survey of {count(rng)} residents found that {percent(rng)} wanted the {T} {V} before {date(rng)}.",
    ]
    return rng.choice(forms)()


def article(words, rng):
    """Paragraphs of 3 to 7 sentences, blank-line separated, about `words` words."""
    paras, total = [], 0
    while total < words:
        sents = []
        for _ in range(rng.randint(3, 7)):
            s = sentence(rng)
            sents.append(s)
            total += len(s.split())
            if total >= words:
                break
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"


SENT_RE = re.compile(r"[^\s][^\n]*?[.!?](?:\"|(?=\s|$))")


def sentences(text):
    """(start, end) byte offsets of the sentences of text, in order."""
    return [(m.start(), m.end()) for m in SENT_RE.finditer(text)]


def change_number(tok, rng):
    """The same kind of number with another value: "1,240" -> "1,310", "2019" -> "2021"."""
    m = re.match(r"^(\D*)([\d,.]*\d)(\D*)$", tok)
    if not m:
        return tok
    head, num, tail = m.groups()
    plain = num.replace(",", "")
    if re.fullmatch(r"(19|20)\d\d", num):
        return head + str(int(num) + rng.choice([-2, -1, 1, 2])) + tail
    if "." in plain:
        v = float(plain) + rng.choice([-0.3, -0.1, 0.2, 0.4])
        new = f"{max(v, 0.1):.1f}"
    else:
        v = int(plain)
        delta = max(1, v // rng.choice([5, 8, 12]))
        v = v + rng.choice([-delta, delta]) if v > delta else v + delta
        new = f"{v:,}" if "," in num or v >= 10000 else str(v)
    return head + new + tail


def revise(text, rate, rng, cut, move):
    """
    The revision: about rate of the words edited (80% substituted, 10% inserted,
    10% deleted, at evenly spread random places), the sentence at `cut`
    (start, end) removed and the one at `move` put at the end of a later paragraph.
    """
    cut_s, move_s = text[cut[0]:cut[1]], text[move[0]:move[1]]
    # Protect the two sentences from word edits, so that they stay quotable as they are.
    parts = re.split(r"(\s+)", text)
    offsets, pos = [], 0
    for p in parts:
        offsets.append(pos)
        pos += len(p)
    protected = lambda o: cut[0] <= o < cut[1] or move[0] <= o < move[1]
    words = [i for i in range(0, len(parts), 2) if parts[i] and not protected(offsets[i])]
    nedit = max(3, round(len(words) * rate))
    step = len(words) / nedit
    for k in range(nedit):
        i = words[int(k * step + rng.random() * step * 0.8)]
        tok, r = parts[i], rng.random()
        if r < 0.8:
            if any(c.isdigit() for c in tok):
                parts[i] = change_number(tok, rng)
            else:
                m = re.match(r"^(\W*)(\w[\w']*)(\W*)$", tok)
                if m:
                    new = rng.choice(ADJS + FILLER + VERBS_PAST)
                    if m.group(2)[0].isupper():
                        new = new.capitalize()
                    parts[i] = m.group(1) + new + m.group(3)
                else:
                    parts[i] = tok + "s"
        elif r < 0.9:
            parts[i] = rng.choice(FILLER) + " " + tok
        elif i + 2 < len(parts) and "\n" not in parts[i + 1] and not re.search(r"[.!?\"]$", tok):
            parts[i], parts[i + 1] = "", ""
    edited = "".join(parts)
    # The removed and the moved sentence are found again by their (unedited) text.
    edited = edited.replace(" " + cut_s, "", 1) if (" " + cut_s) in edited else edited.replace(cut_s + " ", "", 1)
    edited = edited.replace(" " + move_s, "", 1) if (" " + move_s) in edited else edited.replace(move_s + " ", "", 1)
    paras = edited.split("\n\n")
    target = min(len(paras) - 1, len(paras) * 3 // 4)
    paras[target] = paras[target].rstrip("\n") + " " + move_s + ("\n" if paras[target].endswith("\n") else "")
    return "\n\n".join(paras)


def pick_quotes(text, n, rng, must):
    """
    n passages spread over text: a run of 6 to 14 words inside one sentence,
    occurring once in the text; `must` (offset pairs) are quoted whole.
    """
    sents = sentences(text)
    quotes = [text[a:b] for a, b in must]
    step = len(sents) / n
    k = 0
    while len(quotes) < n and k < 4 * n:
        a, b = sents[int((k % n) * step + rng.random() * step) % len(sents)]
        k += 1
        if (a, b) in must:
            continue
        w = text[a:b].split(" ")
        if len(w) < 6:
            q = text[a:b]
        else:
            ln = rng.randint(6, min(14, len(w)))
            st = rng.randint(0, len(w) - ln)
            q = " ".join(w[st:st + ln])
        if q.count("\n") == 0 and text.count(q) == 1 and q not in quotes:
            quotes.append(q)
    return quotes


def main(argv):
    ap = argparse.ArgumentParser(description="write a test article, its revision and passages to cite")
    ap.add_argument("words", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=0.02, help="share of words edited (0.02)")
    ap.add_argument("--quotes", type=int, default=50, help="passages to cite (50)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed * 1000003 + args.words)
    old = article(args.words, rng)
    sents = sentences(old)
    cut, move = sents[len(sents) // 3], sents[len(sents) // 2]
    new = revise(old, args.rate, rng, cut, move)
    quotes = pick_quotes(old, args.quotes, rng, [cut, move])
    os.makedirs(args.outdir, exist_ok=True)
    for name, data in (("old.txt", old), ("new.txt", new), ("quotes.txt", "\n".join(quotes) + "\n")):
        with open(os.path.join(args.outdir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
