// Errors of the journey model; `code` and `path` match the Python model's (journeywidgets.model.errors).

export type ErrorCode =
  | "invalid_field"
  | "invalid_text"
  | "missing_field"
  | "unknown_field"
  | "not_found"
  | "duplicate_id"
  | "invalid_op";

export class JourneyError extends Error {
  readonly code: ErrorCode;
  path: string;

  constructor(code: ErrorCode, message: string, path = "") {
    super(message);
    this.name = "JourneyError";
    this.code = code;
    this.path = path;
  }
}
