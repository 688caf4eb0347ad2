package pipeline

import (
	"fmt"
	"strings"

	"redactpack/bundle"
	"redactpack/redact"
)

// OwnTextMasker masks the user's own words (the title, the statement, the
// timeline): seed phrases and card numbers, whatever the policy says of
// them elsewhere, and passwords; the rest is theirs to tell support and
// stays as written (see bundle.Options.MaskOwn).
func OwnTextMasker(p *redact.Policy) func(string) string {
	secrets := *p
	secrets.Rules = make(map[redact.Category]redact.Rule)
	for _, c := range []redact.Category{redact.Seed, redact.Card} {
		r := p.Rules[c]
		r.Redact = true
		secrets.Rules[c] = r
	}
	masker := secrets.Masker()
	return func(s string) string {
		m, _ := masker.MaskText(bundle.MaskPasswords(s))
		return m
	}
}

// OwnTextNote says what the user's statement and timeline show that the
// policy would hide in a screenshot and that is left as written, so that
// the user decides whether to send it, and that secrets in them are
// masked; "" when there is nothing to say.
func OwnTextNote(p *redact.Policy, own func(string) string, statement, timeline string) string {
	var shows, showIn, maskedIn []string
	seen := map[string]bool{}
	masker := p.Masker()
	for _, part := range []struct{ name, text string }{{"statement", statement}, {"timeline", timeline}} {
		_, found := masker.MaskText(part.text)
		in := false
		for _, f := range found {
			c, _, _ := strings.Cut(f, " ")
			if noun, ok := ownTextNouns[c]; ok {
				in = true
				if !seen[c] {
					seen[c] = true
					shows = append(shows, noun)
				}
			}
		}
		if in {
			showIn = append(showIn, part.name)
		}
		if own(part.text) != part.text {
			maskedIn = append(maskedIn, part.name)
		}
	}
	var msgs []string
	if len(shows) > 0 {
		verb := "show"
		if len(showIn) == 1 {
			verb = "shows"
		}
		msgs = append(msgs, fmt.Sprintf("your %s %s %s, left as written: support uses them to find your account "+
			"and what happened; edit what you would rather not send", strings.Join(showIn, " and "), verb, andList(shows)))
	}
	if len(maskedIn) > 0 {
		msgs = append(msgs, fmt.Sprintf("card numbers, seed phrases and passwords in your %s are masked in the PDF", strings.Join(maskedIn, " and ")))
	}
	return strings.Join(msgs, "; ")
}

// ownTextNouns names what a category's value is, for OwnTextNote; card
// and seed are masked, so they are not listed.
var ownTextNouns = map[string]string{
	"email": "an e-mail address", "phone": "a phone number", "address": "a postal address",
	"balance": "an amount", "wallet": "a wallet address", "idnum": "an ID number",
	"name": "a name", "account": "an account ID", "txid": "a TxID", "ticket": "a ticket number",
	"deny": "a term of the deny list",
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
