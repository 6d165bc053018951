namespace Rankitect.Strategies.Dnas;

/// <summary>The probability of every candidate of one choice, from softmax(theta).</summary>
/// <param name="Choice">Choice name, e.g. <c>bottom.0</c>.</param>
/// <param name="Candidates">Candidate labels, in encoding order.</param>
/// <param name="Probabilities">Probability of each candidate.</param>
internal sealed record ChoiceProbabilities(string Choice, IReadOnlyList<string> Candidates, IReadOnlyList<double> Probabilities);
