package experiment

import (
	"reflect"
	"testing"
)

func TestParseArms(t *testing.T) {
	t.Parallel()
	got, err := ParseArms("relevance=2000, relevance-outcomes=8000")
	want := []Arm{{"relevance", 2000}, {"relevance-outcomes", 8000}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseArms = %v, %v; want %v", got, err, want)
	}
	if s := FormatArms(got); s != "relevance=2000,relevance-outcomes=8000" {
		t.Errorf("FormatArms(%v) = %q", got, s)
	}
	for _, bad := range []string{"", "relevance", "relevance=20%", "=5000", "a=1,,b=2"} {
		if arms, err := ParseArms(bad); err == nil {
			t.Errorf("ParseArms(%q) = %v, want an error", bad, arms)
		}
	}
}
