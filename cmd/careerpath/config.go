package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/web"
)

// Config is every setting of the careerpath commands, its defaults in
// DefaultConfig. Each setting is a flag --x-y and an environment variable
// CAREERPATH_X_Y (see parseFlags); a flag on the command line wins over
// the environment, which wins over the default. A command's own
// arguments (catalog import's --name, train's --seed, …) are not settings.
type Config struct {
	DB      string // SQLite database path
	Data    string // open-data release directory ("": the built-in copy)
	Content string // career guides directory ("": the built-in ones)
	// TrainConfig is the training config overrides (JSON or @FILE) of
	// every training: train, retrain, the first import's and the
	// scheduled ones.
	TrainConfig string
	LogLevel    slog.Level

	Addr                    string
	AdminToken              string
	Monitor                 monitorFlags
	Rollout                 rolloutFlags
	Security                web.Security
	ExperimentRetentionDays int
	AuditRetentionDays      int
	OverridesPoll           time.Duration
	Ready                   readyFlags
	Leader                  leaderFlags

	// Lifecycle is the model lifecycle's policy and clock: the gate's
	// margin, how often a server polls the model aliases, the step hook.
	// It is not a setting (no flag or variable): production runs
	// lifecycle.DefaultConfig, and tests give runWith short polls and
	// step hooks.
	Lifecycle lifecycle.Config
}

// DefaultConfig returns the settings of a careerpath started with no
// flags and no environment.
func DefaultConfig() Config {
	return Config{
		DB:                      defaultDBPath(),
		LogLevel:                slog.LevelInfo,
		Addr:                    "localhost:8080",
		Monitor:                 monitorFlags{on: true, window: time.Minute},
		Rollout:                 rolloutFlags{shadow: registry.DefaultShadowConfig(), guard: registry.DefaultGuardConfig()},
		Security:                web.Security{RequestTimeout: 30 * time.Second, APIRate: 50, APIBurst: 200},
		ExperimentRetentionDays: 180,
		AuditRetentionDays:      365,
		OverridesPoll:           time.Second,
		Ready:                   readyFlags{drainDelay: 5 * time.Second},
		Leader:                  leaderFlags{interval: 2 * time.Second},
		Lifecycle:               lifecycle.DefaultConfig(),
	}
}

// secretSettings are printed redacted. Prefer their environment
// variables: other users of the machine can see flags in the process list.
var secretSettings = map[string]bool{"admin-token": true, "metrics-token": true}

// aliases are earlier names of settings, still accepted as flags.
var aliases = map[string]string{"config": "train-config"}

// settings registers every setting of c on fset, in the order printed.
func (c *Config) settings(fset *flag.FlagSet) {
	fset.StringVar(&c.DB, "db", c.DB, "SQLite database `path`")
	fset.StringVar(&c.Data, "data", c.Data, "read the open data from `dir` instead of the copy built into the binary")
	fset.StringVar(&c.Content, "content", c.Content, "read career guides from `dir` (laid out like content/) instead of the built-in ones")
	fset.StringVar(&c.TrainConfig, "train-config", c.TrainConfig, "training config overrides as a JSON `object` or @FILE, over the default config (flag alias --config)")
	fset.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log `level`: debug, info, warn or error (debug prints the effective config at start)")
	fset.StringVar(&c.Addr, "addr", c.Addr, "listen on `address` (port 0 picks a free port)")
	fset.StringVar(&c.AdminToken, "admin-token", c.AdminToken, "the admin credential, at least 16 characters (empty: admin API off)")
	fset.BoolVar(&c.Monitor.on, "monitoring", c.Monitor.on, "observe every request and classification for latency percentiles and drift (false: no per-request instrumentation)")
	fset.DurationVar(&c.Monitor.window, "monitor-window", c.Monitor.window, "length of a drift and latency `window`")
	fset.DurationVar(&c.Rollout.retrainEvery, "retrain-every", c.Rollout.retrainEvery, "retrain from the editors' labels every `duration` (0: never)")
	fset.Float64Var(&c.Rollout.shadow.Rate, "shadow-rate", c.Rollout.shadow.Rate, "share of live classify calls also scored by the challenger, 0 to 1")
	fset.IntVar(&c.Rollout.shadow.MinEntries, "shadow-min", c.Rollout.shadow.MinEntries, "entries the challenger is shadowed on before its gate decides")
	fset.DurationVar(&c.OverridesPoll, "overrides-poll", c.OverridesPoll, "how often the finder reads editors' decisions made through other replicas (`interval`)")
	fset.IntVar(&c.ExperimentRetentionDays, "experiment-retention-days", c.ExperimentRetentionDays, "delete experiment exposures and events `days` after their phase ended")
	fset.IntVar(&c.AuditRetentionDays, "audit-retention-days", c.AuditRetentionDays, "delete audit log entries `days` after they were made")
	fset.DurationVar(&c.Security.RequestTimeout, "request-timeout", c.Security.RequestTimeout, "answer 503 to a request, database calls included, still running after `duration`")
	fset.Float64Var(&c.Security.APIRate, "api-rate", c.Security.APIRate, "requests a second each client address may make under /api/ (burst --api-burst; negative: no limit)")
	fset.IntVar(&c.Security.APIBurst, "api-burst", c.Security.APIBurst, "requests a client address may make at once under /api/")
	fset.Var(&c.Security.TrustedProxies, "trusted-proxies", "comma-separated `CIDRs` of the load balancers whose X-Forwarded-For names the client, for the per-client limits and the audit log (empty: trust none)")
	fset.StringVar(&c.Security.MetricsAddr, "metrics-addr", c.Security.MetricsAddr, "serve /metrics on `address` only, not on --addr")
	fset.StringVar(&c.Security.MetricsToken, "metrics-token", c.Security.MetricsToken, "the bearer `token` /metrics asks for (empty: none)")
	c.Ready.register(fset)
	c.Leader.register(fset)
}

// flags returns the flag set of command name with the settings names of
// c (and their aliases), for the command to add its own arguments to.
func (c *Config) flags(name string, stderr io.Writer, names ...string) *flag.FlagSet {
	all := flag.NewFlagSet(name, flag.ContinueOnError)
	c.settings(all)
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	for _, n := range names {
		f := all.Lookup(n)
		if f == nil {
			panic("careerpath: no setting " + n)
		}
		fset.Var(f.Value, n, f.Usage)
		for old, to := range aliases {
			if to == n {
				fset.Var(f.Value, old, "the earlier name of --"+n)
			}
		}
	}
	return fset
}

// envName is the environment variable of the setting flag: --x-y is
// CAREERPATH_X_Y.
func envName(flag string) string {
	return "CAREERPATH_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// parseFlags sets the settings of fset from the environment, then parses
// args. Only settings (flags registered by Config.flags) read the
// environment; a command's own arguments do not.
func parseFlags(fset *flag.FlagSet, args []string) error {
	var err error
	probe := DefaultConfig()
	setting := flag.NewFlagSet("", flag.ContinueOnError)
	probe.settings(setting)
	fset.VisitAll(func(f *flag.Flag) {
		if err != nil || setting.Lookup(f.Name) == nil {
			return
		}
		env := envName(f.Name)
		if v := os.Getenv(env); v != "" {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
		}
	})
	if err != nil {
		return err
	}
	return fset.Parse(args)
}

// setting is one setting's name, environment variable and value,
// redacted if secret.
type setting struct {
	Flag, Env, Value, Default, Usage string
}

// effective lists every setting of c, secrets redacted.
func (c *Config) effective() []setting {
	fset := flag.NewFlagSet("", flag.ContinueOnError)
	shown := *c
	shown.settings(fset)
	defaults := DefaultConfig()
	dset := flag.NewFlagSet("", flag.ContinueOnError)
	defaults.settings(dset)
	var out []setting
	fset.VisitAll(func(f *flag.Flag) {
		s := setting{Flag: f.Name, Env: envName(f.Name), Value: f.Value.String(), Default: dset.Lookup(f.Name).Value.String()}
		_, s.Usage = flag.UnquoteUsage(f)
		if secretSettings[f.Name] && s.Value != "" {
			s.Value = "(redacted)"
		}
		out = append(out, s)
	})
	return out
}

// logAttrs are the effective settings as log attributes.
func (c *Config) logAttrs() []any {
	var attrs []any
	for _, s := range c.effective() {
		attrs = append(attrs, s.Flag, s.Value)
	}
	return attrs
}

// runConfig handles "careerpath config [markdown] [flags]": the effective
// settings, secrets redacted, or (markdown) the README's table of them.
func runConfig(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "markdown" {
		fmt.Fprint(stdout, configTable())
		return nil
	}
	cfg := DefaultConfig()
	fset := flag.NewFlagSet("config", flag.ContinueOnError)
	fset.SetOutput(stderr)
	cfg.settings(fset)
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	for _, s := range cfg.effective() {
		fmt.Fprintf(stdout, "%-26s %-37s %s\n", "--"+s.Flag, s.Env, s.Value)
	}
	return nil
}

// configTable is the README's table of settings, from the code.
func configTable() string {
	defaults := DefaultConfig()
	var b strings.Builder
	b.WriteString("| flag | environment | default | meaning |\n|---|---|---|---|\n")
	for _, s := range defaults.effective() {
		def := "`" + s.Default + "`"
		switch {
		case s.Flag == "db": // per user
			def = "`$XDG_DATA_HOME/careerpath/careerpath.db` (`~/.local/share/…`)"
		case s.Default == "":
			def = "—"
		}
		fmt.Fprintf(&b, "| `--%s` | `%s` | %s | %s |\n", s.Flag, s.Env, def, s.Usage)
	}
	return b.String()
}

// release returns the open-data release to import.
func (c *Config) release() (fs.FS, error) {
	if c.Data == "" {
		return data.FS, nil
	}
	if fi, err := os.Stat(c.Data); err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("--data: %s is not a directory", c.Data)
	}
	return os.DirFS(c.Data), nil
}

// defaultDBPath is the database in the user's data directory
// ($XDG_DATA_HOME/careerpath, ~/.local/share/careerpath by default).
func defaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "careerpath.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "careerpath", "careerpath.db")
}
