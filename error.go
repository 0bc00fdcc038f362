package careerpath

import (
	"errors"
	"fmt"
)

// Error codes used across the application. They map to HTTP statuses in
// one table in the web package and to exit codes in the command.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	// EUNAVAILABLE: the service cannot answer yet (the finder index is
	// still building, no classifier is loaded); retrying later may
	// succeed.
	EUNAVAILABLE = "unavailable"
	// ETOOMANY: the client sent more requests than its rate limit allows;
	// retrying after the time given may succeed.
	ETOOMANY = "too_many_requests"
	// ENOSPACE: the server's disk is full, so nothing could be stored.
	ENOSPACE = "no_space"
)

// Error is the application's error: a code for programs and a message safe
// to show to users. The cause, if any, is kept for logs.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get
// a generic message so causes never leak to clients.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
