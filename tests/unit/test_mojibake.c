/* test_mojibake.c - ts_mojibake_fix: correct text passes unchanged, the
 * same text garbled (by encoding it here, once or twice, through
 * Windows-1252 or Latin-1) comes back exactly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ts_buf.h"
#include "ts_err.h"
#include "ts_mojibake.h"
#include "ts_utf8.h"

/* Correct text in many languages, with accents, capitals and symbols. */
static const char *const good[] = {
	/* French */
	"L’été dernier, nous avons mangé une crème brûlée à Nîmes.",
	"« Où êtes-vous ? » demanda-t-elle, étonnée.",
	"Le prix est de 12,50 € (TVA comprise) ; payable à réception.",
	"Il fait 25 °C à l’ombre, c’est l’été !",
	"ÉTÉ 2023 : LA FÊTE DE LA MUSIQUE À PARIS",
	"Le cœur a ses raisons que la raison ne connaît point.",
	"Noël approche ; les enfants sont très impatients.",
	"Ça va ? Oui, ça va très bien, merci beaucoup.",
	"HÔTEL DE VILLE — ENTRÉE LIBRE",
	"Il a été élu « meilleur café » de l’année…",
	"Un naïf à l’œil vif lisait Molière à la fenêtre.",
	"Garçon, l’addition s’il vous plaît !",
	"Le château de Versailles reçoit des milliers de visiteurs.",
	"Où qu’il aille, il emporte son dictionnaire Larousse®.",
	/* German */
	"Über den Wolken muss die Freiheit wohl grenzenlos sein.",
	"Die Straße ist wegen Bauarbeiten gesperrt, sagte er.",
	"Größe: 42; Gewicht: 3,5 kg; Preis: 19,99 €.",
	"„Guten Morgen“, sagte die Bäckerin freundlich.",
	"ÄRGER ÜBER ÖFFENTLICHE VERKEHRSMITTEL",
	"Er aß drei Äpfel und trank ein Glas Saft.",
	"Müller & Söhne GmbH – gegründet 1897 in Köln.",
	"Das Mädchen hört gern Musik aus den 80er-Jahren.",
	"Schöne Grüße aus München und bis bald!",
	"»Weißt du, wie spät es ist?«, fragte der Fußgänger.",
	/* Spanish */
	"¿Dónde está la estación de autobuses?",
	"¡Qué bonito día para pasear por el parque!",
	"El niño comió una manzana y un plátano.",
	"Mañana será otro día, dijo la señora Núñez.",
	"AÑO NUEVO, VIDA NUEVA: ¡FELICIDADES!",
	"La canción ganó el premio a la mejor interpretación.",
	"Pagué 30 € por la cena en el restaurante García.",
	"El cumpleaños de mi pingüino favorito es en julio.",
	/* Portuguese */
	"São Paulo é a maior cidade do Brasil.",
	"A informação está disponível na página da instituição.",
	"Não sei se você já ouviu falar da nossa região.",
	"AVISO: A REUNIÃO FOI ADIADA PARA AMANHÃ.",
	"O pão de açúcar é uma atração turística famosa.",
	"Ele mora num apartamento perto da estação.",
	/* Italian */
	"Perché la città è così bella in primavera?",
	"Più tardi andremo al caffè per un espresso.",
	"Lunedì e martedì l’università è chiusa.",
	/* Nordic */
	"Vi ses på fredag i Göteborg, hälsar Åsa.",
	"Blåbærsyltetøy er godt på vafler, sier Øystein.",
	"Ærøskøbing er en lille by på Ærø.",
	"Þórður fór í búðina og keypti mjólk.",
	"Hyvää päivää! Mitä kuuluu tänään?",
	"SKÅL FÖR SOMMAREN PÅ ÅLAND!",
	"Jeg bor i Århus og arbejder i Ålborg.",
	/* English with symbols and typography */
	"Don’t forget: the meeting is at 3 o’clock.",
	"She said “hello” and left — quietly.",
	"The temperature dropped to −5 °C overnight.",
	"Copyright © 2024 Example Ltd. All rights reserved.",
	"The price is £5, or about 6 € or 7 ¥ per pound.",
	"Tolerance: ±0,5 mm; area: 3 × 4 m²; speed: 60 km/h.",
	"Brand™ and Name® are trademarks of their owners.",
	"He scored ½ point; she got ¼ and ¾ respectively.",
	"Wait… what? That’s 100 % wrong!",
	"Section § 4 ¶ 2 applies · see note¹ and note².",
	"The naïve café served crème fraîche and jalapeño dip.",
	"Résumé: Zoë Saldaña, Renée Zellweger, Beyoncé.",
	/* Other Latin scripts, Greek, Cyrillic, CJK */
	"Zażółć gęślą jaźń, powiedział Łukasz.",
	"Příliš žluťoučký kůň úpěl ďábelské ódy.",
	"Árvíztűrő tükörfúrógép, mondta Ödön.",
	"Şişli’de güzel bir gün, dedi Ayşe.",
	"Bună ziua, în România știm să ne distrăm.",
	"Καλημέρα, τι κάνεις σήμερα;",
	"Привет, как дела? Всё хорошо.",
	"日本語のテキストです。中文也可以。",
	"Emoji: 😀 👍 🎉 and a heart ❤️.",
	/* Hard cases: letters right before closing marks, NBSP typography */
	"« Il a été\u00A0»\u00A0: c’est fini.",
	"« Vraiment\u00A0? » « Oui, à\u00A0»",
	"CAFÉ” et “CAFÉ…” et PERCHÉ…",
	"Er sagte »daß…« und »groß« und „Spaß“.",
	"Straße« und Fuß»",
	"«não…» e «irmã»",
	"JOSÉ’S BAR, CITTÀ”, PIÙ…",
	"Olé—“oui”, été—“non”, dijo—¿qué?—y él—¡no!",
	"”SÅ” sa han, ”PÅ…”",
	"2×½ = 1; 3×¼ ≈ ¾",
	"N° 5, 1ª edición, 2º piso, 90° angle",
	"café¹ et thé²",
	"Tomáš\u00A0Hnyk a náš… též—",
	"Ég bý á Íslandi. ”ÞAÐ”, SAGÐI HANN, „VIÐ“",
	"Hun bor ved SØ”, ÆØÅ… og Ý”",
	"Shqip: ËSHTË” dhe NË…",
	"JOSÉ´S BAR y está´",
	"Ð is a letter: ÐÐ” and ß.",
	"VÝŠE, ÚŽASNÝ, BLÍŽE; alphabet: ÅÄÖŠŽåäöšž",
	"T•Ø•R•Ü•S · É·È · Ö•",
	"«Ya está»—dijo. «Sí»…, «no»¹, «já»\u00A0",
	"Tiếng Việt: Chủ nhật, thứ Hai, cảm ơn; số, sổ, cửa.",
	"В Києві з друзями. З понеділка — у Москві. Кот д’Ивоар.",
	"Škoda a Šárka; Żółw; Šta je to?",
};

static const uint16_t cp1252[32] = {	/* undefined: the C1 control */
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

/* Decode the bytes of s as Windows-1252 (or Latin-1) and encode UTF-8. */
static void
garble(const ts_buf *s, ts_buf *out, int latin1)
{
	size_t i;

	out->len = 0;
	for (i = 0; i < s->len; i++) {
		unsigned c = s->p[i];

		if (c >= 0x80 && c < 0xA0 && !latin1)
			c = cp1252[c - 0x80];
		if (c < 0x80)
			ts_buf_putc(out, (uint8_t)c);
		else if (c < 0x800) {
			ts_buf_putc(out, (uint8_t)(0xC0 | c >> 6));
			ts_buf_putc(out, (uint8_t)(0x80 | (c & 0x3F)));
		} else {
			ts_buf_putc(out, (uint8_t)(0xE0 | c >> 12));
			ts_buf_putc(out, (uint8_t)(0x80 | (c >> 6 & 0x3F)));
			ts_buf_putc(out, (uint8_t)(0x80 | (c & 0x3F)));
		}
	}
}

static int
fixes_to(const ts_buf *in, const char *want, long *repairs)
{
	ts_buf out = TS_BUF_INIT;
	long r = ts_mojibake_fix(in->p, in->len, &out);
	int ok = r >= 0 && out.len == strlen(want) &&
	    (out.len == 0 || memcmp(out.p, want, out.len) == 0);

	if (!ok)
		fprintf(stderr, "\tin:   %.*s\n\tgot:  %.*s\n\twant: %s\n",
		    (int)in->len, (const char *)in->p, (int)out.len,
		    (const char *)out.p, want);
	*repairs = r;
	ts_buf_free(&out);
	return ok;
}

#define FIX(in, want, nrep) do {					\
	ts_buf i_ = { (uint8_t *)(in), sizeof(in) - 1, 0 };		\
	long r_;							\
	CHECK_AT(fixes_to(&i_, (want), &r_), __FILE__, __LINE__, in);	\
	CHECK_INT(r_, (nrep));						\
} while (0)

/* Random text from pieces: the output is valid UTF-8, and splitting the
 * input at every ASCII byte gives the same output (the header's promise). */
static void
random_text(void)
{
	static const char *const piece[] = {
		"a", "Z", " ", ".", "\n", "é", "Ã", "©", "â", "€", "™", "”", "’",
		"Â", "\xC2\xA0", "\xC2\x81", "\xC2\x9D", "Å", "“", "Ð", "Ñ", "ß",
		"»", "«", "…", "æ", "—", "¥", "日", "😀", "Š", "š", "ž", "Ÿ", "ï",
		"¿", "½", "ð", "ô", "×", "Ø", "Ù", "ƒ", "ˆ", "˜", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2",
	};
	unsigned long seed = 12345;
	int iter, bad_utf8 = 0, bad_split = 0;

	for (iter = 0; iter < 3000; iter++) {
		ts_buf in = TS_BUF_INIT, whole = TS_BUF_INIT, split = TS_BUF_INIT;
		int k, n;
		size_t i, j;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (int)(seed >> 59) + 1;
		for (k = 0; k < n; k++) {
			const char *s;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			s = piece[(seed >> 33) % (sizeof piece / sizeof piece[0])];
			ts_buf_append(&in, s, strlen(s));
		}
		if (ts_mojibake_fix(in.p, in.len, &whole) < 0)
			bad_utf8++;
		if (ts_valid_span(whole.p, whole.len) != whole.len)
			bad_utf8++;
		for (i = j = 0; i <= in.len; i++) {
			if (i == in.len || in.p[i] < 0x80) {
				if (ts_mojibake_fix(in.p + j, i + (i < in.len) - j, &split) < 0)
					bad_split++;
				j = i + 1;
			}
		}
		if (split.len != whole.len || memcmp(split.p, whole.p, whole.len) != 0)
			bad_split++;
		ts_buf_free(&in);
		ts_buf_free(&whole);
		ts_buf_free(&split);
	}
	CHECK_INT(bad_utf8, 0);
	CHECK_INT(bad_split, 0);
}

/* Found by fuzz/fuzz_mojibake.c under UBSan: an empty input with p
 * NULL (an empty ts_buf) computed NULL + 0. */
static void
test_fix_empty_null(void)
{
	ts_buf out = TS_BUF_INIT;

	CHECK(ts_mojibake_fix(NULL, 0, &out) == 0);
	CHECK(out.len == 0);
	ts_buf_free(&out);
}

int
main(void)
{
	size_t i, n = sizeof good / sizeof good[0];
	int way;

	CHECK(n >= 60);
	for (i = 0; i < n; i++) {
		ts_buf s = { (uint8_t *)good[i], strlen(good[i]), 0 };
		ts_buf g1 = TS_BUF_INIT, g2 = TS_BUF_INIT, g3 = TS_BUF_INIT;
		long r;

		/* Correct text passes unchanged, with no repair. */
		CHECK_AT(fixes_to(&s, good[i], &r) && r == 0, __FILE__, __LINE__, good[i]);
		/* Garbled once, twice (both ways, and mixed), three times. */
		for (way = 0; way < 4; way++) {
			garble(&s, &g1, way & 1);
			garble(&g1, &g2, (way >> 1) & 1);
			garble(&g2, &g3, way & 1);
			if (way < 2)
				CHECK_AT(fixes_to(&g1, good[i], &r), __FILE__, __LINE__, good[i]);
			CHECK_AT(fixes_to(&g2, good[i], &r), __FILE__, __LINE__, good[i]);
			CHECK_AT(fixes_to(&g3, good[i], &r), __FILE__, __LINE__, good[i]);
		}
		ts_buf_free(&g1);
		ts_buf_free(&g2);
		ts_buf_free(&g3);
	}

	/* The classic cases, written by hand. */
	FIX("don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t", "don’t", 1);	/* donâ€™t */
	FIX("\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9", "été", 2);		/* Ã©tÃ© */
	FIX("\xC3\xA2\xE2\x82\xAC\xC5\x93quoted\xC3\xA2\xE2\x82\xAC\xC2\x9D",
	    "“quoted”", 2);						/* â€œquotedâ€\x9d */
	FIX("\xC3\x83\xC2\xBC" "ber", "über", 1);			/* Ã¼ber */
	FIX("a \xC3\xA2\xE2\x82\xAC\xE2\x80\x9D b", "a — b", 1);	/* â€” */
	FIX("\xC3\x83\xE2\x80\xB0T\xC3\x83\xE2\x80\xB0", "ÉTÉ", 2);	/* Ã‰TÃ‰ */
	FIX("\xC3\x82\xC2\xA3" "5", "£5", 1);				/* Â£5 */
	FIX("5\xC3\x82\xC2\xA0%", "5\xC2\xA0%", 1);			/* Â + NBSP */
	FIX("\xC3\xAF\xC2\xBB\xC2\xBFtext", "\xEF\xBB\xBFtext", 1);	/* ï»¿ BOM */
	FIX("\xC3\xAF\xC2\xBF\xC2\xBD", "\xEF\xBF\xBD", 1);		/* ï¿½ */
	FIX("\xC3\x90\xC5\xB8\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8\xC3\x90\xC2\xB2"
	    "\xC3\x90\xC2\xB5\xC3\x91\xE2\x80\x9A", "Привет", 6);	/* ÐŸÑ€Ð¸Ð²ÐµÑ‚ */
	FIX("\xC3\xB0\xC5\xB8\xCB\x9C\xE2\x82\xAC", "😀", 1);		/* ðŸ˜€ */
	/* Twice: Ã¢â‚¬â„¢ -> â€™ -> ’ counts 4 repairs. */
	FIX("\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2\xE2\x80\x9E\xC2\xA2",
	    "’", 4);
	/* Ambiguous alone (PIÙ…), repaired in a run of candidates. */
	FIX("\xC3\x99\xE2\x80\xA6", "\xC3\x99\xE2\x80\xA6", 0);
	FIX("\xC3\x99\xE2\x80\xA6\xC3\x98\xC2\xAD\xC3\x99\xE2\x80\xA6\xC3\x98\xC2\xAF",
	    "محمد", 4);						/* Ù…Ø­Ù…Ø¯ */
	/* Lone lead or cut sequence: left alone. */
	FIX("\xC3\x83 la carte", "Ã la carte", 0);
	FIX("\xC3\xA2\xE2\x82\xAC", "â€", 0);
	/* Ill-formed input is copied as it is. */
	FIX("\xC3\x83\xFF\xC2\xA9", "\xC3\x83\xFF\xC2\xA9", 0);
	FIX("", "", 0);
	random_text();
	test_fix_empty_null();
	return check_done("test_mojibake");
}
