package bundle

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zone names work where the system has no zone database (Windows)
	"unicode"
)

// StatementLang guesses the labels' language from the statement: Chinese
// when it has more Han characters than Latin words (runs of Latin letters
// and digits with a letter, so that a TxID is one word).
func StatementLang(st Statement, title string) string {
	han, words := 0, 0
	inWord, hasLetter := false, false
	for _, r := range strings.Join([]string{title, st.Title, st.Problem, st.Checked, st.Suspect, st.Ask}, "\n") + "\n" {
		if unicode.Is(unicode.Han, r) {
			han++
		}
		letter := r < 0x250 && unicode.IsLetter(r)
		if letter || r < 0x80 && unicode.IsDigit(r) {
			inWord, hasLetter = true, hasLetter || letter
			continue
		}
		if inWord && hasLetter {
			words++
		}
		inWord, hasLetter = false, false
	}
	if han > words {
		return "zh"
	}
	return "en"
}

// ParseZone reads a time zone as a user writes it (--tz): "local", "UTC", an IANA name, or an offset such as
// "+08:00", "+0800", "UTC+8" or "GMT-5".
func ParseZone(s string) (*time.Location, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "local":
		return time.Local, nil
	case "utc", "z", "gmt":
		return time.UTC, nil
	}
	off := t
	for _, p := range []string{"UTC", "GMT", "utc", "gmt"} {
		off = strings.TrimPrefix(off, p)
	}
	if off != "" && (off[0] == '+' || off[0] == '-') {
		sign := 1
		if off[0] == '-' {
			sign = -1
		}
		hm := strings.ReplaceAll(off[1:], ":", "")
		var h, m int
		var err error
		switch len(hm) {
		case 1, 2:
			h, err = strconv.Atoi(hm)
		case 3, 4:
			h, err = strconv.Atoi(hm[:len(hm)-2])
			if err == nil {
				m, err = strconv.Atoi(hm[len(hm)-2:])
			}
		default:
			err = errors.New("bad offset")
		}
		if err != nil || h > 14 || m > 59 {
			return nil, fmt.Errorf("not a UTC offset (want +08:00, -0530 or UTC+8)")
		}
		name := fmt.Sprintf("UTC%s%d", off[:1], h)
		if m != 0 {
			name += fmt.Sprintf(":%02d", m)
		}
		return time.FixedZone(name, sign*(h*3600+m*60)), nil
	}
	loc, err := time.LoadLocation(t)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone (want local, UTC, a name such as Asia/Shanghai, or +08:00)")
	}
	return loc, nil
}

// ParseSize reads a size as a user writes it (--max-size): a number of bytes, optionally with K, M or G
// (binary multiples, so that 20MB is the default of 20 << 20), with or
// without a trailing B or iB.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(t, "B")
	t = strings.TrimSuffix(t, "I")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		}
		if mult != 1 {
			t = strings.TrimSpace(t[:n-1])
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*mult > 1<<40 {
		return 0, errors.New("want a size such as 20MB, 5M, 800K or a number of bytes")
	}
	return int64(v * mult), nil
}

// HumanSize shows a byte count as a person reads it: "1.2 MB", "800 KB".
func HumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
