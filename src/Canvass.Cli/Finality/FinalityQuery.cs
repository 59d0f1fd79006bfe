using System.CommandLine;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Finality;
using Canvass.Storage.Finality;

namespace Canvass.Cli.Finality;

/// <summary>The part <c>canvass finality</c> and <c>canvass deadlines</c> share: the store, <c>--contest</c> and
/// <c>--at</c> options, and replaying the store into an evaluator for the contests asked about.</summary>
internal sealed class FinalityQuery
{
    private readonly Option<string?> _store = CommonOptions.Store();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string[]> _contests = new("--contest", "-c") { Description = "A contest, repeated (default: every contest)." };
    private readonly Option<string?> _at;
    private readonly Func<ParseResult, string, string> _question;

    /// <param name="atDescription">What <c>--at</c> means to the command.</param>
    /// <param name="question">The lead line of the problems when the question cannot be answered, saying what was asked,
    /// from the command line and the contests asked about ("cc-ga", "every contest").</param>
    public FinalityQuery(string atDescription, Func<ParseResult, string, string> question)
    {
        _at = new Option<string?>("--at") { Description = atDescription };
        _question = question;
    }

    public IEnumerable<Option> Options => [_store, _json, _contests, _at];

    /// <summary>Runs <paramref name="body"/> with the evaluator, the contests and the moment; <paramref name="check"/>
    /// adds problems with other options before the store is opened.</summary>
    public Task<int> RunAsync(ParseResult parse, Action<List<Problem>> check,
        Func<Output, FinalityEvaluator, IReadOnlyList<string>, DateTimeOffset, int> body, CancellationToken ct)
    {
        var output = new Output(Console.Out, Console.Error, parse.GetValue(_json));
        var asked = parse.GetValue(_contests) is { Length: > 0 } contests ? string.Join(", ", contests.Distinct(StringComparer.Ordinal)) : "every contest";
        var unanswered = _question(parse, asked);
        var problems = new List<Problem>();
        var when = FactInput.Time(parse.GetValue(_at), "--at", true, problems) ?? TimeProvider.System.GetUtcNow();
        check(problems);
        if (problems.Count > 0)
        {
            return Task.FromResult(output.Problems(unanswered, problems));
        }

        return StoreCommand.RunAsync(output, parse.GetValue(_store), requireElection: true, mustExist: true, async session =>
        {
            var loaded = await FinalityReader.LoadAsync(session.Store, ct);
            if (!loaded.IsSuccess)
            {
                return output.Problems(unanswered, loaded.Problems);
            }

            var evaluator = loaded.Value;
            var selected = FinalityReader.Select(evaluator.Definition, parse.GetValue(_contests));
            return selected.IsSuccess
                ? body(output, evaluator, selected.Value, when)
                : output.Problems(unanswered, selected.Problems);
        }, ct);
    }
}
