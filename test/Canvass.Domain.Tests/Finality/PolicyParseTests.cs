using Canvass.Domain.Finality;

namespace Canvass.Domain.Tests.Finality;

public sealed class PolicyParseTests
{
    [Theory]
    [InlineData("media-call")]
    [InlineData("concession")]
    [InlineData("certified")]
    [InlineData("legally-final")]
    [InlineData("audit-confirmed")]
    [InlineData("electoral")]
    [InlineData("custom")]
    public void Parse_BuiltIn_ParsesToItsExpression(string name)
    {
        var policy = FinalityPolicy.Parse(name);

        Assert.True(policy.IsSuccess);
        Assert.True(policy.Value.IsBuiltIn);
        Assert.Equal(BuiltInPolicies.Expressions[name], policy.Value.Expression);
        Assert.True(FinalityPolicy.ParseExpression(policy.Value.Expression).IsSuccess);
    }

    [Theory]
    [InlineData("called(AP) and not call_retracted")]
    [InlineData("certified(state) and (audit_passed or not recount_pending)")]
    [InlineData("not not conceded(cand-trump) or legally-final")]
    [InlineData("  ( ( electors_cast ) )  ")]
    public void Parse_Expression_Parses(string text) => Assert.True(FinalityPolicy.Parse(text).IsSuccess);

    [Theory]
    [InlineData("certified and", 14, "malformed", "expression ends")]
    [InlineData("(certified or conceded", 23, "malformed", "missing ')' to close the '(' at position 1")]
    [InlineData("certified conceded", 11, "malformed", "unexpected 'c' after a complete expression")]
    [InlineData("", 1, "malformed", "empty")]
    [InlineData("and certified", 1, "malformed", "'and' needs a condition")]
    [InlineData("certified or )", 14, "malformed", "found ')'")]
    [InlineData("called(AP", 10, "malformed", "missing ')' to close the argument list")]
    [InlineData("called()", 8, "malformed", "expected an argument")]
    [InlineData("electors_cast(GA)", 1, "bad-value", "takes no argument")]
    [InlineData("certified and blessed_by_pope", 15, "unknown-reference", "unknown fact 'blessed_by_pope'")]
    public void Parse_BadPolicy_SaysWhereAndWhy(string text, int position, string code, string reason)
    {
        var policy = FinalityPolicy.Parse(text);

        Assert.False(policy.IsSuccess);
        var problem = Assert.Single(policy.Problems);
        Assert.Equal(code, problem.Code);
        Assert.Equal("policy", problem.Path);
        Assert.Contains($"at position {position}:", problem.Message, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownFact_ListsTheKnownFactsAndPolicies()
    {
        var problem = FinalityPolicy.Parse("finalish").Problems.Single();

        Assert.Contains("certified", problem.Message, StringComparison.Ordinal);
        Assert.Contains("legally-final", problem.Message, StringComparison.Ordinal);
    }
}
