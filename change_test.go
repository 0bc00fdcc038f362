package careerpath

import (
	"fmt"
	"sort"
	"testing"
)

func TestWakers(t *testing.T) {
	var woken []string
	wake := func(name string) func() { return func() { woken = append(woken, name) } }
	w := Wakers{ChangeModel: {wake("champion"), wake("challenger")}, ChangeCatalog: {wake("updater")}}
	for _, c := range []struct {
		kind, want string
	}{
		{ChangeModel, "[challenger champion]"},
		{ChangeCatalog, "[updater]"},
		{"sideways", "[]"},
		{ChangeAny, "[challenger champion updater]"},
	} {
		woken = nil
		w.Wake(c.kind)
		sort.Strings(woken)
		if got := fmt.Sprint(woken); got != c.want {
			t.Errorf("Wake(%q) woke %s, want %s", c.kind, got, c.want)
		}
	}
}
