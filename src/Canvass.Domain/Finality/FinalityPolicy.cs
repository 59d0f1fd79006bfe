using System.Globalization;

namespace Canvass.Domain.Finality;

/// <summary>A parsed finality policy: a built-in name (<see cref="BuiltInPolicies"/>) or a small boolean expression over
/// facts (<see cref="FinalityFacts"/>) and built-in policies.</summary>
/// <remarks>
/// Grammar: <c>expr := term ('or' term)*; term := factor ('and' factor)*; factor := 'not' factor | '(' expr ')' | name
/// ['(' argument ')']</c>. Names are fact names (<c>certified</c>, <c>called</c>…) or built-in policy names
/// (<c>legally-final</c>…); an argument is a word such as <c>AP</c>, <c>state</c> or <c>cand-trump</c>. Keywords are
/// lower case. Every error names the 1-based character position and the reason.
/// </remarks>
/// <threadsafety>Immutable.</threadsafety>
public sealed class FinalityPolicy
{
    private FinalityPolicy(string name, string expression, PolicyNode root)
    {
        Name = name;
        Expression = expression;
        Root = root;
    }

    /// <summary>The policy as given: a built-in name, or the expression text.</summary>
    public string Name { get; }

    /// <summary>The expression evaluated (a built-in's expression, or the text given).</summary>
    public string Expression { get; }

    internal PolicyNode Root { get; }

    /// <summary>True when <see cref="Name"/> is a built-in policy.</summary>
    public bool IsBuiltIn => BuiltInPolicies.Expressions.ContainsKey(Name);

    /// <summary>Parses a built-in name or an expression.</summary>
    public static Result<FinalityPolicy> Parse(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var trimmed = policy.Trim();
        if (BuiltInPolicies.Expressions.TryGetValue(trimmed, out var builtIn))
        {
            return Result<FinalityPolicy>.Success(new FinalityPolicy(trimmed, builtIn, new PolicyRefNode(trimmed)));
        }

        var parsed = ParseExpression(policy);
        return parsed.IsSuccess
            ? Result<FinalityPolicy>.Success(new FinalityPolicy(trimmed, trimmed, parsed.Value))
            : Result<FinalityPolicy>.Failure(parsed.Problems);
    }

    internal static Result<PolicyNode> ParseExpression(string text)
    {
        var parser = new Parser(text);
        return parser.Run();
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public Result<PolicyNode> Run()
        {
            try
            {
                SkipSpace();
                if (_pos >= text.Length)
                {
                    throw Error(ProblemCodes.Malformed, 1, "the policy is empty; give a built-in name (" + string.Join(", ", BuiltInPolicies.Names) + ") or an expression");
                }

                var node = Or();
                SkipSpace();
                if (_pos < text.Length)
                {
                    throw Error(ProblemCodes.Malformed, _pos + 1, $"unexpected '{Peek()}' after a complete expression; join conditions with 'and' or 'or'");
                }

                return Result<PolicyNode>.Success(node);
            }
            catch (PolicyException e)
            {
                return Result<PolicyNode>.Failure(e.Problem);
            }
        }

        private PolicyNode Or()
        {
            var left = And();
            while (Keyword("or"))
            {
                left = new OrNode(left, And());
            }

            return left;
        }

        private PolicyNode And()
        {
            var left = Not();
            while (Keyword("and"))
            {
                left = new AndNode(left, Not());
            }

            return left;
        }

        private PolicyNode Not()
        {
            if (Keyword("not"))
            {
                return new NotNode(Not());
            }

            SkipSpace();
            if (_pos >= text.Length)
            {
                throw Error(ProblemCodes.Malformed, _pos + 1, "the expression ends where a fact name, 'not' or '(' is expected");
            }

            if (text[_pos] == '(')
            {
                var open = _pos;
                _pos++;
                var inner = Or();
                SkipSpace();
                if (_pos >= text.Length || text[_pos] != ')')
                {
                    throw Error(ProblemCodes.Malformed, _pos + 1, $"missing ')' to close the '(' at position {open + 1}");
                }

                _pos++;
                return inner;
            }

            var start = _pos;
            var name = Word();
            if (name.Length == 0)
            {
                throw Error(ProblemCodes.Malformed, start + 1, $"expected a fact name, 'not' or '(' but found '{Peek()}'");
            }

            if (name is "and" or "or")
            {
                throw Error(ProblemCodes.Malformed, start + 1, $"'{name}' needs a condition before it");
            }

            string? argument = null;
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '(')
            {
                var open = _pos;
                _pos++;
                SkipSpace();
                var argStart = _pos;
                argument = Word();
                if (argument.Length == 0)
                {
                    throw Error(ProblemCodes.Malformed, argStart + 1, $"expected an argument for '{name}' (such as AP, state or a candidate id)");
                }

                SkipSpace();
                if (_pos >= text.Length || text[_pos] != ')')
                {
                    throw Error(ProblemCodes.Malformed, _pos + 1, $"missing ')' to close the argument list opened at position {open + 1}; a fact takes one argument");
                }

                _pos++;
            }

            if (FinalityFacts.All.TryGetValue(name, out var fact))
            {
                if (argument is not null && fact.Argument is null)
                {
                    throw Error(ProblemCodes.BadValue, start + 1, $"the fact '{name}' takes no argument");
                }

                return new FactNode(name, argument);
            }

            if (BuiltInPolicies.Expressions.ContainsKey(name))
            {
                if (argument is not null)
                {
                    throw Error(ProblemCodes.BadValue, start + 1, $"the policy '{name}' takes no argument");
                }

                return new PolicyRefNode(name);
            }

            throw Error(ProblemCodes.UnknownReference, start + 1,
                $"unknown fact '{name}'; facts: {string.Join(", ", FinalityFacts.All.Keys.Order(StringComparer.Ordinal))}; policies: {string.Join(", ", BuiltInPolicies.Names)}");
        }

        private bool Keyword(string keyword)
        {
            SkipSpace();
            var save = _pos;
            if (string.Equals(Word(), keyword, StringComparison.Ordinal))
            {
                return true;
            }

            _pos = save;
            return false;
        }

        private string Word()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '_' or '-' or '.' or ':'))
            {
                _pos++;
            }

            return text[start.._pos];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private string Peek() => _pos < text.Length ? text[_pos].ToString() : "end";

        private static PolicyException Error(string code, int position, string reason) =>
            new(new Problem(code, string.Create(CultureInfo.InvariantCulture, $"The policy does not parse at position {position}: {reason}."), null, null, "policy"));
    }

    private sealed class PolicyException(Problem problem) : Exception(problem.Message)
    {
        public Problem Problem { get; } = problem;
    }
}
