// Package envflag reads a program's settings by one rule: every setting
// is a flag --x-y and an environment variable PREFIX_X_Y, a flag on the
// command line winning over the environment, which wins over the
// default. A command's own arguments are flags that are not settings and
// read no environment. It also lists the effective settings, secrets
// redacted, for a config command and a debug log, and as a Markdown table.
package envflag

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Settings describes a program's settings, which a function registers on
// a flag set (see FlagSet and List).
type Settings struct {
	// Prefix starts every environment variable ("CAREERPATH_").
	Prefix string
	// Secret names the settings whose values List redacts.
	Secret map[string]bool
	// Aliases are earlier names of settings, still accepted as flags:
	// old name to setting.
	Aliases map[string]string
}

// Env is the environment variable of the setting flag: --x-y is
// PREFIX_X_Y.
func (s Settings) Env(flag string) string {
	return s.Prefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// FlagSet is a command's flags: the settings it reads, which the
// environment sets too, and its own arguments, which it does not.
type FlagSet struct {
	*flag.FlagSet
	env map[string]string // setting flag (or alias) → its variable
}

// FlagSet returns the flags of command name: the settings names (and
// their aliases) of all, a flag set holding every setting bound to where
// it is stored, for the command to add its own arguments to. A name all
// lacks panics: it is a mistake in the program, not in its input.
func (s Settings) FlagSet(all *flag.FlagSet, name string, output io.Writer, names ...string) *FlagSet {
	fset := &FlagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), env: map[string]string{}}
	fset.SetOutput(output)
	for _, n := range names {
		f := all.Lookup(n)
		if f == nil {
			panic("envflag: no setting " + n)
		}
		fset.Var(f.Value, n, f.Usage)
		fset.env[n] = s.Env(n)
		for old, to := range s.Aliases {
			if to == n {
				fset.Var(f.Value, old, "the earlier name of --"+n)
			}
		}
	}
	return fset
}

// Parse sets the settings of f from the environment, then parses args.
// A bad value in the environment is an error naming the variable.
func (f *FlagSet) Parse(args []string) error {
	for name, env := range f.env {
		if v := os.Getenv(env); v != "" {
			if err := f.Set(name, v); err != nil {
				return fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	return f.FlagSet.Parse(args)
}

// Setting is one setting: its flag, environment variable, value (redacted
// if secret), default and usage.
type Setting struct {
	Flag, Env, Value, Default, Usage string
}

// List returns every setting of current, a flag set holding the values in
// effect, with its default from defaults, a flag set holding the
// defaults, in current's order; secret values (not empty) are
// "(redacted)".
func (s Settings) List(current, defaults *flag.FlagSet) []Setting {
	var out []Setting
	current.VisitAll(func(f *flag.Flag) {
		st := Setting{Flag: f.Name, Env: s.Env(f.Name), Value: f.Value.String()}
		if d := defaults.Lookup(f.Name); d != nil {
			st.Default = d.Value.String()
		}
		_, st.Usage = flag.UnquoteUsage(f)
		if s.Secret[f.Name] && st.Value != "" {
			st.Value = "(redacted)"
		}
		out = append(out, st)
	})
	return out
}

// Markdown returns the settings as a Markdown table of flag, environment
// variable, default and meaning; shown gives the default column of the
// settings whose default is not their value for everyone (a path in the
// user's home).
func Markdown(settings []Setting, shown map[string]string) string {
	var b strings.Builder
	b.WriteString("| flag | environment | default | meaning |\n|---|---|---|---|\n")
	for _, s := range settings {
		def := "`" + s.Default + "`"
		switch {
		case shown[s.Flag] != "":
			def = shown[s.Flag]
		case s.Default == "":
			def = "—"
		}
		fmt.Fprintf(&b, "| `--%s` | `%s` | %s | %s |\n", s.Flag, s.Env, def, s.Usage)
	}
	return b.String()
}
