# gen.awk - deterministic benchmark inputs (see bench/README.md).
#
#   LC_ALL=C mawk -f gen.awk -v mode=MODE -v size=BYTES -v seed=N \
#       -v pool=SENTENCES [-v extra=MIXED_POOL] > out.txt
#
# MODE is english, ascii, mixed or news.  Lines are written until at least
# BYTES bytes are out; every line ends with a newline (news: CRLF or LF).
# Randomness comes from the Park-Miller generator below (integers below
# 2^46, exact in awk's doubles), never from awk's rand(), so the bytes are
# the same with any awk and on any machine.  Runs byte-wise: LC_ALL=C.

function rnd() {
	seed = (seed * 16807) % 2147483647
	return seed / 2147483647
}
function ri(n) { return int(rnd() * n) }

function sentence() { return S[ri(ns)] }

# A paragraph: 1 to 4 sentences joined by a space.
function paragraph(lo, hi,    k, i, p) {
	k = lo + ri(hi - lo + 1)
	p = sentence()
	for (i = 1; i < k; i++)
		p = p " " sentence()
	return p
}

# English text with other scripts mixed in: a snippet from the mixed pool
# (Greek, Cyrillic, CJK, Korean, Arabic, Hebrew, Devanagari, Thai, emoji,
# accented Latin in NFC and in NFD) between sentences of 80% of paragraphs (and a second one in 40%).
function mixed_paragraph(    k, i, p, at, at2) {
	k = 1 + ri(4)
	at = (rnd() < 0.8) ? ri(k + 1) : -1
	at2 = (rnd() < 0.4) ? ri(k + 1) : -1
	p = ""
	for (i = 0; i <= k; i++) {
		if (i == at)
			p = p (p == "" ? "" : " ") X[ri(nx)]
		if (i == at2)
			p = p (p == "" ? "" : " ") X[ri(nx)]
		if (i < k)
			p = p (p == "" ? "" : " ") sentence()
	}
	return p
}

# News: typographic quotes and apostrophes, quotations with speakers,
# then one kind of damage (HTML entities, mojibake, NBSPs, invisibles).
function news_line(    r, q, p, f) {
	r = rnd()
	if (r < 0.08)
		return B[ri(nb)]
	if (r < 0.35) {
		q = sentence()
		sub(/[.!?]$/, "", q)
		f = ri(5)
		if (f == 0)      p = "\342\200\234" q ",\342\200\235 said " N[ri(nn)] "."
		else if (f == 1) p = N[ri(nn)] " said: \342\200\234" q ".\342\200\235"
		else if (f == 2) p = "\"" q ",\" " N[ri(nn)] " told reporters."
		else if (f == 3) p = "\342\200\234" q ",\342\200\235 the report stated. " sentence()
		else             p = sentence() " \342\200\234" q "?\342\200\235 " N[ri(nn)] " asked."
	} else
		p = paragraph(1, 3)
	if (rnd() < 0.5)
		gsub(/'/, "\342\200\231", p)
	r = rnd()
	if (r < 0.15) {			# HTML entities, as in scraped markup
		gsub(/&/, "\\&amp;", p)
		gsub(/\342\200\231/, "\\&#8217;", p)
		gsub(/\342\200\234/, "\\&ldquo;", p)
		gsub(/\342\200\235/, "\\&#x201D;", p)
		gsub(/"/, "\\&quot;", p)
		gsub(/ - /, " \\&mdash; ", p)
		gsub(/\303\251/, "\\&eacute;", p)
		sub(/\. /, ".\\&nbsp; ", p)
	} else if (r < 0.25) {		# UTF-8 read as Windows-1252, re-encoded
		gsub(/\342\200\231/, "\303\242\342\202\254\342\204\242", p)
		gsub(/\342\200\234/, "\303\242\342\202\254\305\223", p)
		gsub(/\342\200\235/, "\303\242\342\202\254\302\235", p)
		gsub(/\342\200\224/, "\303\242\342\202\254\342\200\235", p)
		gsub(/\303\251/, "\303\203\302\251", p)
		gsub(/\303\250/, "\303\203\302\250", p)
		sub(/ /, " \303\242\342\202\254\342\200\234 ", p)
	} else if (r < 0.40) {		# NBSPs and stray spacing
		gsub(/\. /, ".\302\240", p)
		sub(/, /, ",\302\240 ", p)
		p = "\302\240 " p "  "
	} else if (r < 0.45) {		# invisibles: ZWSP, soft hyphen, BOM
		sub(/ /, " \342\200\213", p)
		sub(/tion/, "ti\302\255on", p)
		p = "\357\273\277" p
	}
	return p
}

BEGIN {
	if (size <= 0 || seed <= 0 || pool == "") {
		print "gen.awk: need -v mode=... size=... seed=... pool=..." > "/dev/stderr"
		exit 2
	}
	while ((getline line < pool) > 0)
		S[ns++] = line
	close(pool)
	if (mode == "mixed") {
		while ((getline line < extra) > 0)
			X[nx++] = line
		close(extra)
	}
	nb = split("Advertisement|Share this article|Sign up for our newsletter" \
	    "|Click here to read more|Read more:|Photo: Reuters|(AP)" \
	    "|We use cookies to improve your experience. By continuing, you agree." \
	    "|\302\251 2023 The Daily Example. All rights reserved." \
	    "|Follow us on Twitter and Facebook|Related coverage" \
	    "|This article was updated at 10:42 a.m. ET|Comments (0)" \
	    "|Subscribe for \342\202\2541 a month \342\200\224 cancel anytime" \
	    "|Skip to main content|Most read", T, "|")
	for (i = 1; i <= nb; i++)
		B[i - 1] = T[i]
	nn = split("Ms. Alvarez|the mayor|Dr. Okafor|a spokesperson for the ministry" \
	    "|Mr. Lindqvist|the senator|Professor Chen|the minister|O\342\200\231Brien" \
	    "|the company|Ms. M\303\274ller|the police chief|Jos\303\251 Garc\303\255a", T, "|")
	for (i = 1; i <= nn; i++)
		N[i - 1] = T[i]

	out = 0
	ring = 4096
	nr = 0
	while (out < size) {
		if (mode == "english" || mode == "ascii") {
			line = paragraph(1, 4) "\n"
		} else if (mode == "mixed") {
			line = mixed_paragraph() "\n"
		} else if (mode == "news") {
			if (nr > 0 && rnd() < 0.45)
				line = R[ri(nr < ring ? nr : ring)]
			else {
				eol = (rnd() < 0.7) ? "\r\n" : "\n"
				line = news_line() eol
				if (rnd() < 0.05)
					line = line eol		# a blank line after it
				R[nr % ring] = line
				nr++
			}
		} else {
			print "gen.awk: unknown mode " mode > "/dev/stderr"
			exit 2
		}
		printf "%s", line
		out += length(line)
	}
}
