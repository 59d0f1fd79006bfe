namespace Canvass.Domain;

/// <summary>Stable codes for <see cref="Problem"/>. Tools and tests match on these, never on message text.</summary>
public static class ProblemCodes
{
    /// <summary>The file is empty.</summary>
    public const string EmptyFile = "empty-file";
    /// <summary>The file is not valid UTF-8.</summary>
    public const string NotUtf8 = "not-utf8";
    /// <summary>The file is not well-formed JSON, XML or CSV (including a file cut off mid-way).</summary>
    public const string Malformed = "malformed";
    /// <summary>The document is well formed but does not follow the schema (missing or mistyped field, wrong @type).</summary>
    public const string Schema = "schema";
    /// <summary>A reference names an id that does not exist or is of the wrong kind.</summary>
    public const string UnknownReference = "unknown-reference";
    /// <summary>An id is defined twice.</summary>
    public const string DuplicateId = "duplicate-id";
    /// <summary>A ballot id occurs twice, in one file or across files.</summary>
    public const string DuplicateBallot = "duplicate-ballot";
    /// <summary>A ballot marks a contest that is not on its ballot style.</summary>
    public const string ContestNotOnBallot = "contest-not-on-ballot";
    /// <summary>A count is negative, fractional where whole numbers are required, or not a number.</summary>
    public const string BadCount = "bad-count";
    /// <summary>A value is not one the field allows (an unknown vote method, a malformed date).</summary>
    public const string BadValue = "bad-value";
    /// <summary>A total and its breakdown disagree, or the same count is reported twice.</summary>
    public const string Inconsistent = "inconsistent";
    /// <summary>Importing this would count the same votes twice (CVRs and reported totals for the same unit).</summary>
    public const string DoubleCount = "double-count";
    /// <summary>The store has no election yet, or already has a different one.</summary>
    public const string NoElection = "no-election";
    /// <summary>A file could not be opened or read.</summary>
    public const string Unreadable = "unreadable";
    /// <summary>The input is valid but not supported by this version of Canvass.</summary>
    public const string Unsupported = "unsupported";
    /// <summary>More problems were found than are listed.</summary>
    public const string TooManyProblems = "too-many-problems";
    /// <summary>A subscription was asked for without accepting the subscriber terms.</summary>
    public const string TermsNotAccepted = "terms-not-accepted";
}
