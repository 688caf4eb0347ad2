package redact

import (
	"regexp"
	"strings"
)

var (
	// The domain's dots may come back from OCR as commas ("gmail,com"),
	// but a comma followed by a space ends the address ("a@b.com, c@d.com").
	reEmail = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*\s?[@＠]\s?[a-z0-9][a-z0-9\-]*(?:(?:\s?\.\s?|,)[a-z0-9\-]+)*(?:\s?\.\s?|,)[a-z]{2,10}`)
	// Chinese OCR drops "." and "@" from addresses at well-known
	// providers ("name@icloudcom", "namegmail.com"); their domains anchor
	// a second, looser search.
	reMailDomain = regexp.MustCompile(`(?i)[@＠]?\s?(?:gmail|googlemail|outlook|hotmail|live|icloud|yahoo|qq|163|126|yeah|foxmail|sina|sohu|aliyun|protonmail|proton|gmx|yandex|aol|msn)\s?[.,]?\s?(?:com|cn|net|me|org)(?:\s?[.,]?\s?cn)?\b`)
	reLocal      = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*$`)
	// lower case: "Thanks. " ends a sentence. A local part wrapped at its
	// dot, underscore or hyphen ("ana." / "souza@hotmail.co.uk") ends its
	// line.
	reLocalHead  = regexp.MustCompile(`\b[a-z0-9][a-z0-9._%+\-]*(?:\. |[._\-]\n)$`)
	reEmailNoDot = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9._%+\-]*[@＠][a-z0-9\-]{2,}(?:com|net|org|cn|io)\b`)
)

func findEmails(s string) []match {
	var ms []match
	for _, loc := range reEmail.FindAllStringIndex(s, -1) {
		at := strings.IndexAny(s[loc[0]:loc[1]], "@＠")
		if isMaskRune(runeBefore(s, loc[0]+at)) || nearMask(s, loc[0], loc[0]+at) {
			continue
		}
		// OCR may put a space after a dot of the local part
		// ("chen. jie.work10@mail.com"), and a narrow bubble wraps it
		// there: the part before it is the address too.
		if m := reLocalHead.FindStringIndex(s[:loc[0]]); m != nil {
			loc[0] = m[0]
		}
		ms = append(ms, match{loc[0], loc[1], Email, 0.95})
	}
	// Chinese OCR drops the dot before the top-level domain of any
	// provider: "sarah.m.kim@mailcom".
	for _, loc := range reEmailNoDot.FindAllStringIndex(s, -1) {
		if isAlnum(runeAfter(s, loc[1])) || nearMask(s, loc[0], loc[1]) {
			continue
		}
		ms = append(ms, match{loc[0], loc[1], Email, 0.8})
	}
	for _, loc := range reMailDomain.FindAllStringIndex(s, -1) {
		start := loc[0]
		local := reLocal.FindStringIndex(strings.TrimRight(s[:start], " "))
		if local == nil || nearMask(s, start, start) {
			continue
		}
		if local[1]-local[0] < 2 {
			continue
		}
		ms = append(ms, match{local[0], loc[1], Email, 0.8})
	}
	return ms
}
