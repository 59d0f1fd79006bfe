using Canvass.Audit;

namespace Canvass.Cli.Rla;

/// <summary>BRAVO's sample-size options for officials, as Arlo offers them before the first round.</summary>
internal static class RlaBravo
{
    public static List<RlaSizeOption> SampleSizeOptions(int riskLimit, ArloContest contest) =>
        [.. Bravo.SampleSizeOptions(riskLimit, contest).Select(o => new RlaSizeOption(o.Key, o.Size, o.Probability))];
}
