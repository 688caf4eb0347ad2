package bundle

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var shanghai = time.FixedZone("CST", 8*3600)

func TestParseTimeline(t *testing.T) {
	at := func(y, mo, d, h, mi, s int, loc *time.Location) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, 0, loc)
	}
	for _, tc := range []struct {
		line string
		want time.Time
		text string
	}{
		{"2026-11-24 10:30 tried to log in, no SMS code", at(2026, 11, 24, 10, 30, 0, shanghai), "tried to log in, no SMS code"},
		{"2026-11-24 10:30:15 second try", at(2026, 11, 24, 10, 30, 15, shanghai), "second try"},
		{"2026-11-24T10:30:00+08:00 iso", at(2026, 11, 24, 2, 30, 0, time.UTC), "iso"},
		{"2026-11-24T02:30:00Z zulu", at(2026, 11, 24, 2, 30, 0, time.UTC), "zulu"},
		{"2026-11-24 10:30 UTC called support", at(2026, 11, 24, 10, 30, 0, time.UTC), "called support"},
		{"2026-11-24 10:30 UTC+5:30 - asked for a code", at(2026, 11, 24, 5, 0, 0, time.UTC), "asked for a code"},
		{"2026-11-24 10:30 -0500 e-mail sent", at(2026, 11, 24, 15, 30, 0, time.UTC), "e-mail sent"},
		{"2026/11/24 10:30 slashes", at(2026, 11, 24, 10, 30, 0, shanghai), "slashes"},
		{"2026.11.24 9:05 dots", at(2026, 11, 24, 9, 5, 0, shanghai), "dots"},
		{"2026-11-24 10:30 - dash separated", at(2026, 11, 24, 10, 30, 0, shanghai), "dash separated"},
		{"2026-11-24 10:30: colon separated", at(2026, 11, 24, 10, 30, 0, shanghai), "colon separated"},
		{"2026-11-24 10:30 | pipe", at(2026, 11, 24, 10, 30, 0, shanghai), "pipe"},
		{"2026-11-24 2:05 PM afternoon", at(2026, 11, 24, 14, 5, 0, shanghai), "afternoon"},
		{"2026-11-24 12:10 am midnight", at(2026, 11, 24, 0, 10, 0, shanghai), "midnight"},
		{"2026-11-24 10:30 amazing news", at(2026, 11, 24, 10, 30, 0, shanghai), "amazing news"},
		{"2026-11-24 10:30 Zoom call", at(2026, 11, 24, 10, 30, 0, shanghai), "Zoom call"},
		{"2026年11月24日 10:30 尝试登录", at(2026, 11, 24, 10, 30, 0, shanghai), "尝试登录"},
		{"2026年11月24日 下午2:05 又试了一次", at(2026, 11, 24, 14, 5, 0, shanghai), "又试了一次"},
		{"2026-11-24 10：30 全角冒号", at(2026, 11, 24, 10, 30, 0, shanghai), "全角冒号"},
		{"- 2026-11-24 10:30 markdown bullet", at(2026, 11, 24, 10, 30, 0, shanghai), "markdown bullet"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			evs, err := ParseTimeline(strings.NewReader(tc.line), shanghai)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			e := evs[0]
			if !e.Time.Equal(tc.want) || e.Text != tc.text || e.Source != SourceUser {
				t.Errorf("got %v %q %q, want %v %q", e.Time, e.Text, e.Source, tc.want, tc.text)
			}
		})
	}
}

func TestParseTimelineFile(t *testing.T) {
	in := "\ufeff# my timeline\n\n2026-11-24 10:30 first\n// note\n   \n2026-11-24 09:00 earlier, kept in file order\n"
	evs, err := ParseTimeline(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Text != "first" || evs[1].Text != "earlier, kept in file order" {
		t.Fatalf("got %+v", evs)
	}
	if evs[0].Time.Location() != time.UTC {
		t.Errorf("nil location: got %v, want UTC", evs[0].Time.Location())
	}
}

func TestParseTimelineErrors(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"2026-11-24 10:30 ok\nyesterday 10:30 no date\n", "line 2"},
		{"\n\n2026-11-24 first thing\n", "line 3"},
		{"2026-11-24 10:30\n", "nothing after the time"},
		{"2026-13-24 10:30 month 13\n", "no such date"},
		{"2026-11-31 10:30 thirty-first of November\n", "no such date"},
		{"2026-11-24 24:30 hour 24\n", "no such date"},
		{"2026-11-24 13:30 PM hour 13 pm\n", "hour 13"},
		{"2026-11-24 10:30 +15:00 zone out of range\n", "out of range"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := ParseTimeline(strings.NewReader(tc.in), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// FuzzParseTimeline checks that every event read back formats and re-parses
// to the same instant and text.
func FuzzParseTimeline(f *testing.F) {
	f.Add("2026-11-24 10:30 tried to log in, no SMS code")
	f.Add("2026-11-24T10:30:00+08:00 x\n# c\n2026/1/2 3:04 PM y")
	f.Add("2026年11月24日 下午2:05 又试了一次")
	f.Fuzz(func(t *testing.T, in string) {
		evs, err := ParseTimeline(strings.NewReader(in), shanghai)
		if err != nil {
			return
		}
		for _, e := range evs {
			if e.Text == "" || e.Text != strings.TrimSpace(e.Text) || strings.ContainsAny(e.Text, "\n\r") {
				t.Fatalf("event text %q", e.Text)
			}
			line := fmt.Sprintf("%s %s", e.Time.Format("2006-01-02T15:04:05-07:00"), e.Text)
			again, err := ParseTimeline(strings.NewReader(line), time.UTC)
			if err != nil {
				t.Fatalf("re-parsing %q: %v", line, err)
			}
			if len(again) != 1 || !again[0].Time.Equal(e.Time) || again[0].Text != e.Text {
				t.Fatalf("%q re-parsed to %+v, want %v %q", line, again, e.Time, e.Text)
			}
		}
	})
}

// Entries at the same time come in a fixed order: the user's events as
// given, then the screenshots in page order.
func TestTimelineTies(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC)
	o := Options{Events: []Event{
		{Time: at.Add(time.Minute), Text: "later"},
		{Time: at, Text: "B tried again", Source: SourceUser},
		{Time: at.In(shanghai), Text: "A got the error", Source: SourceUser}, // the same instant
	}}
	o, _ = normalize(o)
	shots := []Shot{{Captured: at}, {Captured: at.Add(-time.Minute)}, {Captured: at}}
	plans := []*shotPlan{{name: "one"}, {name: "two"}, {name: "three"}}
	var got []string
	for _, r := range timeline(o, labelSets["en"], shots, plans) {
		got = append(got, r.text)
	}
	want := "Screenshot 2: two|B tried again|A got the error|Screenshot 1: one|Screenshot 3: three|later"
	if strings.Join(got, "|") != want {
		t.Errorf("timeline %q\nwant     %q", strings.Join(got, "|"), want)
	}
}
