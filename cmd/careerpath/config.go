package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"time"

	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/envflag"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// Config is every setting of the careerpath commands, its defaults in
// DefaultConfig. Each setting is a flag --x-y and an environment variable
// CAREERPATH_X_Y (package envflag); a flag on the command line wins over
// the environment, which wins over the default. A command's own
// arguments (catalog import's --name, train's --seed, …) are not settings.
type Config struct {
	DB      string // SQLite database path or PostgreSQL URL
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
		DB:                      sqlite.DefaultPath(),
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

// rolloutFlags are serve's settings for retraining and rollout.
type rolloutFlags struct {
	retrainEvery time.Duration
	shadow       registry.ShadowConfig
	guard        registry.GuardConfig
}

// settingsRule is how settings are named and shown: CAREERPATH_X_Y for
// --x-y, the credentials redacted (prefer their environment variables:
// other users of the machine can see flags in the process list), and the
// earlier names still accepted as flags.
var settingsRule = envflag.Settings{
	Prefix:  "CAREERPATH_",
	Secret:  map[string]bool{"admin-token": true, "metrics-token": true},
	Aliases: map[string]string{"config": "train-config"},
}

// settings registers every setting of c on fset, in the order printed.
func (c *Config) settings(fset *flag.FlagSet) {
	fset.StringVar(&c.DB, "db", c.DB, "the database: a SQLite file `path`, or a postgres:// URL")
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
func (c *Config) flags(name string, stderr io.Writer, names ...string) *envflag.FlagSet {
	all := flag.NewFlagSet(name, flag.ContinueOnError)
	c.settings(all)
	return settingsRule.FlagSet(all, name, stderr, names...)
}

// parseFlags sets the settings of fset from the environment, then parses
// args (envflag.FlagSet.Parse).
func parseFlags(fset *envflag.FlagSet, args []string) error { return fset.Parse(args) }

// effective lists every setting of c, secrets redacted.
func (c *Config) effective() []envflag.Setting {
	shown, defaults := *c, DefaultConfig()
	cur, def := flag.NewFlagSet("", flag.ContinueOnError), flag.NewFlagSet("", flag.ContinueOnError)
	shown.settings(cur)
	defaults.settings(def)
	return settingsRule.List(cur, def)
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
	var names []string
	for _, s := range cfg.effective() {
		names = append(names, s.Flag)
	}
	if err := parseFlags(cfg.flags("config", stderr, names...), args); err != nil {
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
	return envflag.Markdown(defaults.effective(), map[string]string{"db": "`$XDG_DATA_HOME/careerpath/careerpath.db` (`~/.local/share/…`)"})
}

// checkServe refuses the settings serve cannot run with, before it opens
// anything, and warns of a weak admin token.
func (c *Config) checkServe(log *slog.Logger) error {
	if c.OverridesPoll <= 0 {
		return fmt.Errorf("--overrides-poll %v: want a positive duration", c.OverridesPoll)
	}
	if c.AuditRetentionDays < 1 {
		return fmt.Errorf("--audit-retention-days %d: want at least 1", c.AuditRetentionDays)
	}
	switch {
	case c.AdminToken == "":
		log.Info("admin API disabled: --admin-token (CAREERPATH_ADMIN_TOKEN) is not set")
	case len(c.AdminToken) < 16:
		log.Warn("the admin token is shorter than 16 characters: use a long random token")
	}
	return nil
}

// release returns the open-data release to import.
func (c *Config) release() (fs.FS, error) {
	release, err := data.Release(c.Data)
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	return release, nil
}
