package bundle

import "regexp"

// The user's own words — the statement, the title, their timeline — are
// what they chose to tell support, who need the amount, the addresses, the
// TxID, the registered e-mail or phone as written: masking them as a
// screenshot's pixels are would leave support nothing to go on
// ("I withdrew *.* BTC"). Three things are never sent, even by their owner:
// seed phrases and card numbers, which the caller's detectors mask, and
// passwords, which MaskPasswords masks (see [Options].MaskOwn).

// passwordRE finds a password after its label: "password: hunter2",
// "my password is hunter2", "pwd hunter2", "密码：abc123", "密码是abc123".
// Words that are also ordinary English or Chinese ("password", "PIN",
// "密码") need a separator, so that "password reset" and "密码错误" stay;
// "pwd" and "passwd" are labels whatever follows. A quoted value is taken
// whole, spaces and all.
var passwordRE = regexp.MustCompile(`(?i)(` +
	`(?:\b(?:pass(?:word|code|phrase)|pin(?:\s*code)?)s?|(?:登录|支付|交易|资金)?(?:密码|口令)|PIN码)` +
	`\s*(?:[:：=]|\bis\b|\bwas\b|是|为)\s*` +
	`|\b(?:pwd|passwd|pw)\b\s*[:：=]?\s*` +
	`)("[^"\n]*"|'[^'\n]*'|“[^”\n]*”|「[^」\n]*」|[^\s"'“「，。；]+)`)

// MaskPasswords returns s with each password written after a label
// replaced by eight stars, which say nothing of its length.
func MaskPasswords(s string) string {
	return passwordRE.ReplaceAllString(s, "${1}********")
}
