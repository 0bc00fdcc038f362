package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// TestAudit attacks a real server on loopback the way the security audit
// of issue 15 did, with loops bounded in count or time, and prints a
// table (check, result, figure). It fails on any correctness or security
// regression; load figures are reported, not asserted. The mixed load
// runs 10 s; CAREERPATH_AUDIT_LOAD sets another duration (up to 60 s).
//
//	go test ./cmd/careerpath -run '^TestAudit$' -v
func TestAudit(t *testing.T) {
	if testing.Short() {
		t.Skip("the attack-and-load audit runs the real server on the bundled data")
	}
	const token = "audit-token-0123456789abcdef"
	t.Setenv("CAREERPATH_ADMIN_TOKEN", token)
	a := &audit{t: t, token: token, logs: &syncBuffer{}}
	a.base, _ = serveLogged(t, sharedDB(t), a.logs)
	a.programs = a.programIDs(20)

	slow := a.startSlowClients(20, 20) // released by the server while the others run
	a.row("security headers", a.headers)
	a.row("injection over every finder parameter", a.injection)
	a.row("query with too many parameters", a.tooManyParams)
	a.row("unauthenticated 60 MB body on every POST route", a.unauthBodies)
	a.row("open redirects", a.openRedirects) // before the brute force spends the global sign-in bucket
	a.row("sign-in brute force, one address", a.bruteForceOne)
	a.row("sign-in brute force, 100 addresses", a.bruteForceMany)
	a.row("method confusion", a.methods)
	a.row("hostile catalogs", a.hostileCatalogs)
	a.row("CSV export of formula cells", a.csvInjection)
	a.row("client disconnect mid-export", a.disconnect)
	a.row("slowloris and idle connections", slow)
	a.row("kill -9 during imports", a.killedImports)
	a.row("full disk during a catalog import", a.fullDisk)
	a.row("mixed load", a.mixedLoad)
	a.row("server log", a.serverLog)

	var b strings.Builder
	fmt.Fprintf(&b, "\n%-48s  %-6s  %s\n", "check", "result", "figure")
	for _, r := range a.rows {
		fmt.Fprintf(&b, "%-48s  %-6s  %s\n", r[0], r[1], r[2])
	}
	t.Log(b.String())
}

// audit is the state of one TestAudit run.
type audit struct {
	t        *testing.T
	base     string
	token    string
	logs     *syncBuffer
	programs []int64
	rows     [][3]string
}

// row runs a check and records its line of the table; problems fail the
// test.
func (a *audit) row(name string, check func() (figure string, problems []string)) {
	start := time.Now()
	figure, problems := check()
	result := "ok"
	if len(problems) > 0 {
		result = "FAIL"
		for _, p := range problems {
			a.t.Errorf("%s: %s", name, p)
		}
	}
	if figure == "" {
		figure = "-"
	}
	a.rows = append(a.rows, [3]string{name, result, fmt.Sprintf("%s (%.1f s)", figure, time.Since(start).Seconds())})
}

// client returns an HTTP client whose connections come from ip, a
// loopback address of its own (127.0.0.0/8), so that per-address limits
// see distinct clients. It follows no redirects.
func client(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 8},
		Timeout:       2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// do sends a request and returns its status, headers and body (nil
// headers and the error as body when it could not be sent).
func do(c *http.Client, method, target string, body io.Reader, hdr ...string) (int, http.Header, string) {
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return 0, nil, err.Error()
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// programIDs returns the ids of n programs of the finder.
func (a *audit) programIDs(n int) []int64 {
	code, _, body := do(client("127.0.0.2"), "GET", a.base+"/api/v1/careers/machine-learning-engineer/programs?per_page="+strconv.Itoa(n), nil)
	var page struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil || len(page.Items) < n {
		a.t.Fatalf("finder = %d %.200s (%v)", code, body, err)
	}
	var ids []int64
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

func (a *audit) headers() (string, []string) {
	var problems []string
	c := client("127.0.0.3")
	want := map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Referrer-Policy": "strict-origin-when-cross-origin"}
	paths := []string{"/", "/careers/machine-learning-engineer", "/api/v1/programs", "/admin/login", "/static/site.css", "/nope"}
	for _, p := range paths {
		_, h, _ := do(c, "GET", a.base+p, nil)
		for k, v := range want {
			if h.Get(k) != v {
				problems = append(problems, fmt.Sprintf("GET %s: %s = %q, want %q", p, k, h.Get(k), v))
			}
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			problems = append(problems, fmt.Sprintf("GET %s: CSP %q", p, csp))
		}
	}
	return fmt.Sprintf("%d responses with CSP, nosniff, DENY, referrer policy", len(paths)), problems
}

// finderParams are the finder's URL parameters (web/query.go), and
// payloads the audit sent in each.
var (
	finderParams = []string{"relevance", "award", "delivery", "state", "country", "control", "zip", "lat", "lon", "radius",
		"duration_min", "duration_max", "tuition_min", "tuition_max", "completers_min", "earnings_min", "earnings_max",
		"q", "sort", "order", "page", "per_page", "career", "format"}
	payloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `' OR '1'='1`, `1; DROP TABLE programs;--`,
		`{{.}}`, "\x00", `../../../../etc/passwd`, `%00%0d%0aSet-Cookie:x=1`, `1e309`, `-1`, `NaN`, `99999999999999999999`,
		"\u202eevil", strings.Repeat("A", 8000), `javascript:alert(1)`, `=cmd|' /C calc'!A0`}
)

func (a *audit) injection() (string, []string) {
	jobs := make(chan string)
	var mu sync.Mutex
	var problems []string
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(fmt.Sprintf("127.0.1.%d", 10+w))
			for target := range jobs {
				code, h, body := do(c, "GET", target, nil)
				var p []string
				if code == 0 || code >= 500 {
					p = append(p, fmt.Sprintf("GET %.120s = %d %.100s", target, code, body))
				}
				if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
					for _, raw := range []string{"<script>alert(1)</script>", "<img src=x onerror"} {
						if strings.Contains(body, raw) {
							p = append(p, fmt.Sprintf("GET %.120s: HTML holds %q unescaped", target, raw))
						}
					}
				}
				mu.Lock()
				statuses[code]++
				problems = append(problems, p...)
				mu.Unlock()
			}
		}()
	}
	n := 0
	for _, prefix := range []string{"/programs", "/careers/machine-learning-engineer", "/api/v1/programs"} {
		for _, p := range finderParams {
			for _, v := range payloads {
				jobs <- a.base + prefix + "?" + url.Values{p: {v}}.Encode()
				n++
			}
		}
	}
	close(jobs)
	wg.Wait()
	return fmt.Sprintf("%d requests (%d parameters × %d payloads × 3 endpoints): statuses %v", n, len(finderParams), len(payloads), statuses), problems
}

func (a *audit) tooManyParams() (string, []string) {
	q := strings.Repeat("state=CA&", 10001) + "award=5"
	code, _, body := do(client("127.0.0.4"), "GET", a.base+"/api/v1/programs?"+q, nil)
	if code != 400 || !strings.Contains(body, "1000") {
		return "", []string{fmt.Sprintf("10,002 parameters = %d %.200s, want 400 naming the limit", code, body)}
	}
	return "10,002 parameters: 400 naming the limit of 1000", nil
}

// postRoutes are the POST routes of web/routes.go, with a path each.
var postRoutes = []string{"/admin/login", "/admin/logout", "/admin/models/v1/promote", "/admin/models/rollback",
	"/admin/review/1/decision", "/admin/programs/flag", "/api/v1/admin/catalogs?name=x", "/api/v1/admin/models/v1/promote",
	"/api/v1/admin/models/rollback", "/api/v1/admin/review/1/decision", "/api/v1/admin/programs/1/flag",
	"/api/v1/admin/experiments", "/api/v1/admin/experiments/x/phases", "/api/v1/admin/experiments/x/stop",
	"/api/v1/careers/machine-learning-engineer/classify", "/api/v1/events"}

// rawPost sends a body of size bytes to target over a raw connection,
// without waiting for the answer to start sending; it returns the status
// and how many bytes went out before the answer came (the server read at
// most that many), and the time to the answer.
func rawPost(base, target string, size int64, chunked bool) (status int, sent int64, took time.Duration, err error) {
	u, _ := url.Parse(base)
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return 0, 0, 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	length := "Content-Length: " + strconv.FormatInt(size, 10)
	if chunked {
		length = "Transfer-Encoding: chunked"
	}
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=zzz\r\n%s\r\n\r\n", target, u.Host, length)
	// A well-formed upload: one file part as large as the body.
	part := "--zzz\r\nContent-Disposition: form-data; name=\"back\"\r\n\r\n/programs/1\r\n" +
		"--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n"
	tail := "\r\n--zzz--\r\n"
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		return 0, 0, 0, err
	}
	var mu sync.Mutex
	answered := false
	go func() {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for left := size; left > 0; {
			b := chunk[:min(int64(len(chunk)), left)]
			switch {
			case left == size:
				b = append([]byte(part), b[len(part):]...)
			case left <= int64(len(chunk)) && left >= int64(len(tail)):
				b = append(append([]byte{}, b[:len(b)-len(tail)]...), tail...)
			}
			left -= int64(len(b))
			if chunked {
				b = append(append([]byte(fmt.Sprintf("%x\r\n", len(b))), b...), "\r\n"...)
				if left == 0 {
					b = append(b, "0\r\n\r\n"...)
				}
			}
			if _, err := conn.Write(b); err != nil {
				return
			}
			mu.Lock()
			if answered {
				mu.Unlock()
				return
			}
			sent += int64(len(b))
			mu.Unlock()
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	mu.Lock()
	answered = true
	s := sent
	mu.Unlock()
	if err != nil {
		return 0, s, time.Since(start), err
	}
	resp.Body.Close()
	return resp.StatusCode, s, time.Since(start), nil
}

func (a *audit) unauthBodies() (string, []string) {
	var problems []string
	tmpBefore, _ := filepath.Glob(filepath.Join(os.TempDir(), "multipart-*"))
	rssBefore := rssMB()
	var worst time.Duration
	var maxSent int64
	for _, target := range postRoutes {
		for _, chunked := range []bool{false, true} {
			code, sent, took, err := rawPost(a.base, target, 60<<20, chunked)
			worst, maxSent = max(worst, took), max(maxSent, sent)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("POST %s (chunked %v): %v", target, chunked, err))
			case code < 400 || code >= 500:
				problems = append(problems, fmt.Sprintf("POST %s (chunked %v) without credential = %d, want 4xx", target, chunked, code))
			case sent > 16<<20: // loopback socket buffers hold a few MB the server never read
				problems = append(problems, fmt.Sprintf("POST %s (chunked %v): the server read %.0f MB before answering %d", target, chunked, float64(sent)/1e6, code))
			}
		}
	}
	tmpAfter, _ := filepath.Glob(filepath.Join(os.TempDir(), "multipart-*"))
	if len(tmpAfter) > len(tmpBefore) {
		problems = append(problems, fmt.Sprintf("%d multipart temporary files written", len(tmpAfter)-len(tmpBefore)))
	}
	return fmt.Sprintf("%d routes × length/chunked: slowest answer %s, at most %.1f MB sent before it, RSS %d → %d MB",
		len(postRoutes), worst.Round(time.Millisecond), float64(maxSent)/1e6, rssBefore, rssMB()), problems
}

// signIn posts one sign-in with a wrong token from c.
func (a *audit) signIn(c *http.Client, token, next string) (int, http.Header) {
	form := url.Values{"name": {"mallory"}, "token": {token}, "next": {next}}
	code, h, _ := do(c, "POST", a.base+"/admin/login", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	return code, h
}

func (a *audit) bruteForceOne() (string, []string) {
	var problems []string
	c := client("127.0.3.1")
	start := time.Now()
	checked, refused := 0, 0
	for i := range 500 {
		code, h := a.signIn(c, "guess-"+strconv.Itoa(i), "")
		switch code {
		case 403:
			checked++
		case 429:
			refused++
			if h.Get("Retry-After") == "" {
				problems = append(problems, "429 without Retry-After")
			}
		default:
			problems = append(problems, fmt.Sprintf("wrong token = %d", code))
		}
	}
	el := time.Since(start).Seconds()
	if allowed := 10 + int(el/6) + 1; checked > allowed {
		problems = append(problems, fmt.Sprintf("%d wrong tokens checked in %.1f s, want at most %d", checked, el, allowed))
	}
	return fmt.Sprintf("500 attempts at %.0f/s: %d checked (%.1f/s), %d refused with 429", 500/el, checked, float64(checked)/el, refused), problems
}

func (a *audit) bruteForceMany() (string, []string) {
	var problems []string
	start := time.Now()
	checked := 0
	for i := range 100 {
		if code, _ := a.signIn(client(fmt.Sprintf("127.0.4.%d", i+1)), "guess", ""); code == 403 {
			checked++
		}
	}
	el := time.Since(start).Seconds()
	if allowed := 50 + int(5*el) + 1; checked > allowed {
		problems = append(problems, fmt.Sprintf("%d wrong tokens checked from 100 addresses in %.1f s, want at most %d", checked, el, allowed))
	}
	lines := strings.Count(a.logs.String(), "rate limit reached") + strings.Count(a.logs.String(), "wrong token")
	if lines > 6 {
		problems = append(problems, fmt.Sprintf("%d log lines for 600 refused sign-ins, want a few (once per window)", lines))
	}
	return fmt.Sprintf("%d of 100 checked (global limit), %d log lines for all 600 attempts", checked, lines), problems
}

// redirects are the open-redirect attempts of the audit.
var redirects = []string{"/admin/../%5Cevil.com", "/admin/../\\evil.com", "/admin/..\\evil.com", "/admin/..//evil.com", "//evil.com", "/\\evil.com", "https://evil.com",
	"/admin/%2e%2e/%2fevil.com", "/admin/..%2f..%2f%2fevil.com", "\\\\evil.com", "/admin\r\nLocation: http://evil.com",
	"http:/evil.com", "/%09/evil.com", "/admin/../../evil.com"}

// localLocation reports whether a Location header stays on the site.
func localLocation(loc string) bool {
	return strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.ContainsAny(loc, "\\\r\n\t")
}

func (a *audit) openRedirects() (string, []string) {
	var problems []string
	n := 0
	for i, next := range redirects {
		c := client(fmt.Sprintf("127.0.5.%d", i+1))
		code, h := a.signIn(c, a.token, next)
		n++
		if loc := h.Get("Location"); code != 303 || !localLocation(loc) {
			problems = append(problems, fmt.Sprintf("sign in with next=%q = %d to %q", next, code, loc))
		}
		form := url.Values{"program": {strconv.FormatInt(a.programs[i], 10)}, "career": {"machine-learning-engineer"},
			"reason": {"audit"}, "back": {strings.Replace(next, "/admin", "/programs", 1)}}
		code, h, body := do(c, "POST", a.base+"/admin/programs/flag", strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer "+a.token)
		n++
		if loc := h.Get("Location"); code != 303 || !localLocation(loc) {
			problems = append(problems, fmt.Sprintf("flag with back=%q = %d to %q %.100s", form.Get("back"), code, loc, body))
		}
	}
	// Signed in, the sign-in page sends the editor on to next at once.
	c := client("127.0.5.200")
	_, h := a.signIn(c, a.token, "")
	cookie := (&http.Response{Header: h}).Cookies()
	if len(cookie) != 1 {
		return "", append(problems, "sign-in set no session cookie")
	}
	for _, next := range redirects {
		req, _ := http.NewRequest("GET", a.base+"/admin/login?next="+url.QueryEscape(next), nil)
		req.AddCookie(cookie[0])
		n++
		resp, err := c.Do(req)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !localLocation(loc) {
			problems = append(problems, fmt.Sprintf("GET /admin/login?next=%q signed in = %d to %q", next, resp.StatusCode, loc))
		}
	}
	return fmt.Sprintf("%d attempts (sign-in next, signed-in next, flag back): every Location on the site", n), problems
}

func (a *audit) methods() (string, []string) {
	var problems []string
	c := client("127.0.0.5")
	getRoutes := []string{"/", "/careers/machine-learning-engineer", "/programs", "/sources", "/api/v1/programs", "/api/v1/careers",
		"/api/v1/sources", "/healthz", "/metrics", "/admin", "/static/site.css"}
	n := 0
	check := func(method, path string) {
		n++
		code, h, _ := do(c, method, a.base+path, nil)
		if code != 405 || h.Get("Allow") == "" {
			problems = append(problems, fmt.Sprintf("%s %s = %d (Allow %q), want 405 with Allow", method, path, code, h.Get("Allow")))
		}
	}
	for _, p := range getRoutes {
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			check(m, p)
		}
	}
	for _, p := range postRoutes {
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			if m == "GET" && (p == "/admin/login" || p == "/api/v1/admin/experiments") {
				continue // served with GET too
			}
			check(m, p)
		}
	}
	for _, m := range []string{"GET", "POST", "DELETE"} {
		n++
		if code, _, _ := do(c, m, a.base+"/no/such/page", nil); code != 404 {
			problems = append(problems, fmt.Sprintf("%s /no/such/page = %d, want 404", m, code))
		}
	}
	return fmt.Sprintf("%d requests: 405 with Allow on known paths, 404 elsewhere", n), problems
}

// importCatalog posts a catalog with the admin token.
func (a *audit) importCatalog(name string, body io.Reader, contentType string) (int, string) {
	code, _, b := do(client("127.0.0.6"), "POST", a.base+"/api/v1/admin/catalogs?name="+name, body,
		"Content-Type", contentType, "Authorization", "Bearer "+a.token)
	return code, b
}

func (a *audit) hostileCatalogs() (string, []string) {
	var problems []string
	rss0 := rssMB()
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	io.WriteString(zw, "institution,program\n")
	zeros := make([]byte, 1<<20)
	for range 200 { // 200 MiB inflated, four times the limit
		zw.Write(zeros)
	}
	zw.Close()
	cases := []struct {
		name, body, ct string
		want           []int
	}{
		{"field-10mb", "institution,program\nAcme," + strings.Repeat("x", 10<<20) + "\n", "text/csv", []int{400, 413}},
		{"gzip-bomb", bomb.String(), "application/gzip", []int{413}},
		{"bad-quotes", "institution,program\n\"Acme,\"Data \"Science\n", "text/csv", []int{400}},
		{"nul-and-utf8", "institution,program\nAc\x00me,\xff\xfe Data\n", "text/csv", []int{400}},
		{"no-header", "Acme,Data Science\n", "text/csv", []int{400}},
		{"wide", "institution,program" + strings.Repeat(",x", 100000) + "\n", "text/csv", []int{400}},
		{"jsonl-deep", strings.Repeat("[", 100000) + "\n", "application/x-ndjson", []int{400}},
	}
	var got []string
	for _, tt := range cases {
		code, body := a.importCatalog("audit-"+tt.name, strings.NewReader(tt.body), tt.ct)
		got = append(got, fmt.Sprintf("%s %d", tt.name, code))
		if !slices.Contains(tt.want, code) {
			problems = append(problems, fmt.Sprintf("catalog %s = %d %.200s, want %v", tt.name, code, body, tt.want))
		}
	}
	return fmt.Sprintf("%s; gzip bomb %d KiB → 200 MiB; RSS %d → %d MB", strings.Join(got, ", "), bomb.Len()>>10, rss0, rssMB()), problems
}

func (a *audit) csvInjection() (string, []string) {
	formulas := []string{`=HYPERLINK("http://evil.example","Click")`, `@SUM(1+1)*cmd|/C calc!A0`, `+cmd|calc`, `-2+3+cmd|calc`}
	var b strings.Builder
	b.WriteString("institution,program,cip\n")
	for _, f := range formulas {
		fmt.Fprintf(&b, "Zyxwv Audit Institute,%q,11.0701\n", "Zyxwv "+f)
		fmt.Fprintf(&b, "%q,Zyxwv Data Science,11.0701\n", f)
	}
	body := strings.ReplaceAll(b.String(), `\"`, `""`)
	if code, resp := a.importCatalog("audit-formulas", strings.NewReader(body), "text/csv"); code != 201 {
		return "", []string{fmt.Sprintf("import = %d %.300s", code, resp)}
	}
	c := client("127.0.0.7")
	deadline := time.Now().Add(2 * time.Minute) // the finder's index takes the catalog in within seconds
	for {
		code, _, body := do(c, "GET", a.base+"/api/v1/programs?format=csv&q=zyxwv", nil)
		records, _ := csv.NewReader(strings.NewReader(body)).ReadAll()
		if code == 200 && len(records) > 2*len(formulas) {
			var problems []string
			for _, rec := range records[1:] {
				for _, cell := range rec {
					if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) || strings.HasPrefix(cell, "-2+") {
						problems = append(problems, fmt.Sprintf("exported cell %q starts a formula", cell))
					}
				}
			}
			return fmt.Sprintf("%d rows with formulas exported, every cell neutralised", len(records)-1), problems
		}
		if time.Now().After(deadline) {
			return "", []string{fmt.Sprintf("catalog not in the finder after 2 minutes (%d, %d records)", code, len(records))}
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (a *audit) disconnect() (string, []string) {
	u, _ := url.Parse(a.base)
	for range 5 {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			return "", []string{err.Error()}
		}
		fmt.Fprintf(conn, "GET /api/v1/programs?format=csv HTTP/1.1\r\nHost: %s\r\n\r\n", u.Host)
		conn.Read(make([]byte, 512))
		conn.(*net.TCPConn).SetLinger(0) // a reset, as a closed tab
		conn.Close()
	}
	time.Sleep(time.Second) // the exports notice the closed connections
	var problems []string
	for _, bad := range []string{"superfluous", "level=ERROR"} {
		if strings.Contains(a.logs.String(), bad) {
			problems = append(problems, fmt.Sprintf("the log holds %q after clients went away", bad))
		}
	}
	return "5 exports cut after 512 bytes: no ERROR, no second answer", problems
}

// startSlowClients opens slow connections (a header byte a second) and
// idle ones (nothing sent), and returns the check that waits until the
// server has closed them all (within 20 s).
func (a *audit) startSlowClients(slow, idle int) func() (string, []string) {
	u, _ := url.Parse(a.base)
	start := time.Now()
	closed := make(chan time.Duration, slow+idle)
	for i := range slow + idle {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			closed <- -1
			continue
		}
		go func() {
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(20 * time.Second))
			if i < slow {
				go func() {
					io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n")
					for range 30 {
						if _, err := io.WriteString(conn, "X"); err != nil {
							return
						}
						time.Sleep(time.Second)
					}
				}()
			}
			io.Copy(io.Discard, conn) // until the server closes it, or the deadline
			if time.Since(start) >= 20*time.Second {
				closed <- -1
				return
			}
			closed <- time.Since(start)
		}()
	}
	return func() (string, []string) {
		var problems []string
		var last time.Duration
		for range slow + idle {
			d := <-closed
			if d < 0 {
				problems = append(problems, "a slow or idle connection was still open after 20 s")
				continue
			}
			last = max(last, d)
		}
		return fmt.Sprintf("%d slow and %d idle connections, all closed by the server after at most %.1f s", slow, idle, last.Seconds()), problems
	}
}

func (a *audit) killedImports() (string, []string) {
	var problems []string
	path := sharedDB(a.t)
	before := sha(a.t, path)
	var kills []string
	for _, after := range []time.Duration{1500 * time.Millisecond, 5 * time.Second} {
		cmd := exec.Command(os.Args[0], "import", "--db", path)
		cmd.Env = append(os.Environ(), "CAREERPATH_RUN_MAIN=1")
		if err := cmd.Start(); err != nil {
			return "", []string{err.Error()}
		}
		time.Sleep(after)
		tmp, _ := filepath.Glob(path + ".import-*")
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		kills = append(kills, fmt.Sprintf("%.1f s (%d temporary files)", after.Seconds(), len(tmp)))
	}
	if sha(a.t, path) != before {
		problems = append(problems, "a killed import changed the previous database")
	}
	db, err := sqlite.Open(context.Background(), path) // the next start
	if err != nil {
		return "", []string{err.Error()}
	}
	db.Close()
	if left, _ := filepath.Glob(path + ".import-*"); len(left) > 0 {
		problems = append(problems, fmt.Sprintf("the next start left %v", left))
	}
	return "killed at " + strings.Join(kills, ", ") + ": database unchanged, no temporary file after the next start", problems
}

func (a *audit) fullDisk() (string, []string) {
	dir := filepath.Join(a.t.TempDir(), "small")
	os.Mkdir(dir, 0o755)
	src := sharedDB(a.t)
	fi, err := os.Stat(src)
	if err != nil {
		return "", []string{err.Error()}
	}
	size := fi.Size() + 4<<20
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.FormatInt(size, 10), "tmpfs", dir).Run(); err != nil {
		return "skipped: cannot mount a tmpfs here (needs root): " + err.Error(), nil
	}
	defer exec.Command("umount", "-l", dir).Run()
	path := filepath.Join(dir, "careerpath.db")
	if err := copyFile(src, path); err != nil {
		return "", []string{err.Error()}
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", []string{err.Error()}
	}
	defer db.Close()
	gs, err := guides.Load(ctx, content.Embedded(), db)
	if err != nil {
		return "", []string{err.Error()}
	}
	srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Ping: db.Ping, Catalogs: db, AdminToken: a.token},
		slog.New(slog.DiscardHandler))
	if err != nil {
		return "", []string{err.Error()}
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	var b strings.Builder
	b.WriteString("institution,program,cip,description\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "Full Disk College %d,Data Science %d,11.0701,%s\n", i, i, strings.Repeat("d", 400))
	}
	var problems []string
	var code int
	var body string
	n := 0
	for ; n < 40; n++ {
		req, _ := http.NewRequest("POST", hs.URL+"/api/v1/admin/catalogs?name=full-"+strconv.Itoa(n), strings.NewReader(b.String()))
		req.Header.Set("Authorization", "Bearer "+a.token)
		req.Header.Set("Content-Type", "text/csv")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", []string{err.Error()}
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code, body = resp.StatusCode, string(raw)
		if code != 201 {
			break
		}
	}
	if code != http.StatusInsufficientStorage || !strings.Contains(body, "disk is full") {
		problems = append(problems, fmt.Sprintf("import on a full disk = %d %.200s, want 507 saying the disk is full", code, body))
	}
	var quick string
	if err := db.Ping(ctx); err != nil {
		problems = append(problems, "database after the full disk: "+err.Error())
	}
	if check, err := sqlite.Open(ctx, path); err == nil {
		quick = "opens again"
		check.Close()
	} else {
		problems = append(problems, "reopen after the full disk: "+err.Error())
	}
	return fmt.Sprintf("tmpfs of %d MB: %d catalogs stored, then %d; database %s", size>>20, n, code, quick), problems
}

func (a *audit) mixedLoad() (string, []string) {
	dur := 10 * time.Second
	if v := os.Getenv("CAREERPATH_AUDIT_LOAD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > time.Minute {
			return "", []string{fmt.Sprintf("CAREERPATH_AUDIT_LOAD=%q: want a duration up to 60s", v)}
		}
		dur = d
	}
	id := strconv.FormatInt(a.programs[0], 10)
	targets := []string{"/", "/careers/machine-learning-engineer", "/careers/machine-learning-engineer?award=7&delivery=online",
		"/programs?state=CA&award=5", "/programs/" + id, "/sources", "/api/v1/programs?q=data&per_page=20",
		"/api/v1/careers/machine-learning-engineer/programs?sort=tuition", "/api/v1/programs/" + id, "/static/site.css"}
	var mu sync.Mutex
	var lat []time.Duration
	errs, limited := 0, 0
	var problems []string
	stop := time.Now().Add(dur)
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(fmt.Sprintf("127.0.6.%d", w+1))
			for i := w; time.Now().Before(stop); i++ {
				t0 := time.Now()
				code, _, body := do(c, "GET", a.base+targets[i%len(targets)], nil)
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				switch {
				case code == 429:
					limited++
				case code == 0 || code >= 500:
					errs++
					if len(problems) < 5 {
						problems = append(problems, fmt.Sprintf("GET %s = %d %.100s", targets[i%len(targets)], code, body))
					}
				}
				mu.Unlock()
			}
		}()
	}
	var rss []int
	for time.Now().Before(stop) {
		rss = append(rss, rssMB())
		time.Sleep(250 * time.Millisecond)
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	return fmt.Sprintf("%s at 32 connections: %d requests (%.0f/s), %d errors, %d rate-limited, p50 %s p99 %s, RSS %d–%d MB (first %d, last %d)",
		dur, len(lat), float64(len(lat))/dur.Seconds(), errs, limited, pct(0.5), pct(0.99), slices.Min(rss), slices.Max(rss), rss[0], rss[len(rss)-1]), problems
}

func (a *audit) serverLog() (string, []string) {
	logs := a.logs.String()
	var problems []string
	for _, bad := range []string{"superfluous", "level=ERROR", "panic"} {
		if strings.Contains(logs, bad) {
			problems = append(problems, fmt.Sprintf("the server log holds %q", bad))
		}
	}
	return fmt.Sprintf("%d lines, %d KiB, %d WARN", strings.Count(logs, "\n"), len(logs)>>10, strings.Count(logs, "level=WARN")), problems
}

// rssMB is this process's resident set (the server runs in it) in MB.
func rssMB() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb >> 10
		}
	}
	return 0
}
