namespace Canvass.Cli.Demo;

/// <summary>One row of the MEDSL county presidential returns.</summary>
internal sealed record MedslRow(string StatePo, string State, string County, int Fips, string Candidate, string Party, long Votes, string Mode);
