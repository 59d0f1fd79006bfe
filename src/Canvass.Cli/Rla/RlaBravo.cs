using Canvass.Audit;

namespace Canvass.Cli.Rla;

/// <summary>BRAVO's sample-size options for officials.</summary>
internal static class RlaBravo
{
    public static List<RlaSizeOption> SampleSizeOptions(int riskLimit, ArloContest contest) => [];
}
