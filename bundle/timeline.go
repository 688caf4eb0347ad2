package bundle

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Sources of an [Event]'s time, as shown in the timeline's source column.
const (
	SourceUser     = "you"       // the user's timeline file
	SourceEXIF     = "EXIF"      // EXIF DateTimeOriginal (or DateTime)
	SourcePNGTime  = "PNG tIME"  // the PNG tIME chunk
	SourcePNGText  = "PNG text"  // a PNG tEXt/iTXt/zTXt "Creation Time"
	SourceXMP      = "XMP"       // XMP DateCreated or CreateDate
	SourceFileName = "file name" // a screenshot tool's file-name pattern
	SourceFileTime = "file time" // the file's modification time
)

const (
	maxEventLength = 4000   // runes; a longer line is surely not an event
	maxEvents      = 100000 // a timeline file with more is refused
	timelineHint   = "want a line like \"2026-11-24 10:30 tried to log in, no SMS code\""
	timelineZoneRE = `Z|UTC|GMT|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?`
)

// Event is one line of the timeline.
type Event struct {
	Time   time.Time
	Text   string
	Source string // one of the Source constants
	Page   int    // page of the bundle that shows it; 0 = none
}

var timelineLine = regexp.MustCompile(`^` +
	`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?` + // date
	`(?:\s*T\s*|\s+|,\s*)?` +
	`(上午|下午|凌晨|晚上|中午)?\s*` +
	`(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2})(?:[.,]\d+)?)?` + // time
	`(?:\s*([AaPp][Mm])\b)?` +
	`\s*(` + timelineZoneRE + `)?` +
	`(?:$|[\s,;:|–—-]+)` +
	`(.*)$`)

// ParseTimeline reads the user's events, one per line: a date, a time, an
// optional zone, then what happened, as in
//
//	2026-11-24 10:30 tried to log in, no SMS code
//	2026-11-24T10:30:00+08:00 second attempt
//	2026/11/24 10:45 UTC+8 - asked for a new code
//	2026年11月24日 下午2:05 又试了一次
//
// Times without a zone are in loc (nil means UTC). Blank lines and lines
// starting with # or // are ignored; a leading "- " or "* " is allowed. A line
// that cannot be read is an error naming its line number. The events come
// back in file order with Source [SourceUser].
func ParseTimeline(r io.Reader, loc *time.Location) ([]Event, error) {
	if loc == nil {
		loc = time.UTC
	}
	var events []Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		line = strings.TrimSpace(strings.TrimLeft(line, "-*•"))
		ev, err := parseEventLine(line, loc)
		if err != nil {
			return nil, fmt.Errorf("timeline line %d: %v", n, err)
		}
		if len(events) == maxEvents {
			return nil, fmt.Errorf("timeline line %d: more than %d events", n, maxEvents)
		}
		events = append(events, ev)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("timeline line %d: %v", n+1, err)
	}
	return events, nil
}

func parseEventLine(line string, loc *time.Location) (Event, error) {
	m := timelineLine.FindStringSubmatch(line)
	if m == nil {
		return Event{}, fmt.Errorf("no date and time at the start; %s", timelineHint)
	}
	num := func(s string) int { v, _ := strconv.Atoi(s); return v }
	year, month, day := num(m[1]), num(m[2]), num(m[3])
	hour, minute, sec := num(m[5]), num(m[6]), num(m[7])
	if ampm := strings.ToLower(m[8]); ampm != "" {
		if hour < 1 || hour > 12 {
			return Event{}, fmt.Errorf("hour %d with %s", hour, m[8])
		}
		hour %= 12
		if ampm == "pm" {
			hour += 12
		}
	}
	switch m[4] {
	case "下午", "晚上":
		if hour < 12 {
			hour += 12
		}
	case "中午":
		if hour < 11 {
			hour += 12
		}
	}
	zone := loc
	if m[9] != "" {
		z, err := parseZone(m[9])
		if err != nil {
			return Event{}, err
		}
		zone = z
	}
	t, err := civilTime(year, month, day, hour, minute, sec, zone)
	if err != nil {
		return Event{}, err
	}
	text := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, m[10]))
	text = strings.TrimSpace(strings.TrimLeft(text, " ,;:|–—-"))
	if text == "" {
		return Event{}, fmt.Errorf("nothing after the time; %s", timelineHint)
	}
	if len([]rune(text)) > maxEventLength {
		return Event{}, fmt.Errorf("event text longer than %d characters", maxEventLength)
	}
	return Event{Time: t, Text: text, Source: SourceUser}, nil
}

// civilTime builds a time from its fields, refusing values that time.Date
// would silently normalise (month 13, 31 November, 24:00).
func civilTime(year, month, day, hour, minute, sec int, loc *time.Location) (time.Time, error) {
	if year < 1900 || year > 2200 {
		return time.Time{}, fmt.Errorf("year %d out of range", year)
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
	if t.Month() != time.Month(month) || t.Day() != day || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("no such date or time %04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, sec)
	}
	return t, nil
}

var zoneOffset = regexp.MustCompile(`^(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?$`)

// parseZone reads "Z", "UTC", "+08:00", "+0800", "+8", "UTC+8", "GMT-05:30".
func parseZone(s string) (*time.Location, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "Z", "UTC", "GMT":
		return time.UTC, nil
	}
	m := zoneOffset.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("cannot read time zone %q", s)
	}
	h, _ := strconv.Atoi(m[2])
	mi, _ := strconv.Atoi(m[3])
	if h > 14 || mi > 59 {
		return nil, fmt.Errorf("time zone %q out of range", s)
	}
	off := h*3600 + mi*60
	if m[1] == "-" {
		off = -off
	}
	return time.FixedZone(formatOffset(off), off), nil
}

// formatOffset renders a UTC offset in seconds as "+08:00".
func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
}
