package envflag

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

type settings struct {
	poll  time.Duration
	token string
	on    bool
	file  string
}

func (c *settings) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.poll, "poll-every", c.poll, "how often to poll")
	fs.StringVar(&c.token, "admin-token", c.token, "the admin `token`")
	fs.BoolVar(&c.on, "monitoring", c.on, "observe requests")
	fs.StringVar(&c.file, "train-config", c.file, "training config")
}

var rule = Settings{Prefix: "APP_", Secret: map[string]bool{"admin-token": true}, Aliases: map[string]string{"config": "train-config"}}

func flags(c *settings, names ...string) *FlagSet {
	all := flag.NewFlagSet("", flag.ContinueOnError)
	c.register(all)
	return rule.FlagSet(all, "serve", io.Discard, names...)
}

// TestParse: a setting reads its variable, a flag wins over it, a bad
// value names the variable, an alias sets its setting, and a command's
// own arguments read no environment.
func TestParse(t *testing.T) {
	t.Setenv("APP_POLL_EVERY", "5s")
	t.Setenv("APP_MONITORING", "true")
	t.Setenv("APP_NAME", "from-the-environment")
	c := settings{poll: time.Second}
	fset := flags(&c, "poll-every", "monitoring", "train-config")
	name := fset.String("name", "", "a command's own argument")
	if err := fset.Parse([]string{"--config", "@small.json"}); err != nil {
		t.Fatal(err)
	}
	if c.poll != 5*time.Second || !c.on || c.file != "@small.json" || *name != "" {
		t.Errorf("poll %v, monitoring %v, train config %q, name %q; want 5s from the environment, true, the alias's, none", c.poll, c.on, c.file, *name)
	}
	if err := flags(&c, "poll-every").Parse([]string{"--poll-every", "2s"}); err != nil || c.poll != 2*time.Second {
		t.Errorf("flag over the environment: poll %v (%v), want 2s", c.poll, err)
	}
	t.Setenv("APP_POLL_EVERY", "often")
	if err := flags(&c, "poll-every").Parse(nil); err == nil || !strings.Contains(err.Error(), `APP_POLL_EVERY="often"`) {
		t.Errorf("bad environment value: %v, want an error naming APP_POLL_EVERY", err)
	}
	if got := rule.Env("retrain-every"); got != "APP_RETRAIN_EVERY" {
		t.Errorf("Env(retrain-every) = %q", got)
	}
}

// TestList: secrets are redacted, defaults come from their own set, and
// the Markdown table shows an overridden default.
func TestList(t *testing.T) {
	t.Parallel()
	def := settings{poll: time.Second}
	cur := def
	cur.token, cur.poll = "s3cret-0123456789", time.Minute
	cs, ds := flag.NewFlagSet("", flag.ContinueOnError), flag.NewFlagSet("", flag.ContinueOnError)
	cur.register(cs)
	def.register(ds)
	list := rule.List(cs, ds)
	got := map[string]Setting{}
	for _, s := range list {
		got[s.Flag] = s
	}
	if s := got["admin-token"]; s.Value != "(redacted)" || s.Usage != "the admin token" {
		t.Errorf("admin-token = %+v, want its value redacted", s)
	}
	if s := got["poll-every"]; s.Value != "1m0s" || s.Default != "1s" || s.Env != "APP_POLL_EVERY" {
		t.Errorf("poll-every = %+v", s)
	}
	md := Markdown(list, map[string]string{"train-config": "per user"})
	for _, want := range []string{"| `--poll-every` | `APP_POLL_EVERY` | `1s` | how often to poll |", "| `--admin-token` | `APP_ADMIN_TOKEN` | — |", "| per user |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}
