using System.Globalization;
using Canvass.Cli.Common;

namespace Canvass.Cli.Finality;

/// <summary>How finality output writes times (ISO 8601 to the minute, with the offset the fact was recorded in) and
/// answers (<c>canvass finality</c> and <c>canvass verify</c> print them alike).</summary>
internal static class FinalityText
{
    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>Each contest's answers, a block per contest: the policy, final or not and since when, the reasons, the
    /// log positions that decided it, and the flips when asked for.</summary>
    public static void Print(Output output, IEnumerable<FinalityReport> reports)
    {
        foreach (var group in reports.GroupBy(r => r.Contest))
        {
            output.Line();
            output.Line(group.Key);
            foreach (var r in group)
            {
                var since = r.Since is { } s ? " since " + When(s) : "";
                output.Line($"  {r.Policy,-16} {(r.Final ? "FINAL" : "not final")}{since}");
                foreach (var reason in r.Reasons)
                {
                    output.Line("      " + reason);
                }

                if (r.Positions.Count > 0)
                {
                    output.Line("      log positions: " + string.Join(", ", r.Positions));
                }

                foreach (var f in r.Flips ?? [])
                {
                    output.Line($"      {When(f.At)}  → {(f.Final ? "final" : "not final")} (log position {f.Position})");
                }
            }
        }
    }
}
