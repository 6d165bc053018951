namespace Rankitect.Experiment;

// Bad options throw an ArgumentOutOfRangeException (an ArgumentException) naming the option and its value.
internal static class OptionChecks
{
    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; got {value}.");
    }

    public static void NonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 0; got {value}.");
    }

    public static void Fraction(double value, string name, bool allowZero = false)
    {
        bool ok = allowZero ? value >= 0 && value <= 1 : value > 0 && value <= 1;
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {(allowZero ? "[0, 1]" : "(0, 1]")}; got {value}.");
    }

    public static void PositiveNumber(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive number; got {value}.");
    }

    public static void NonNegativeNumber(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a number >= 0; got {value}.");
    }

    public static T Required<T>(T? value, string name) where T : class
        => value ?? throw new ArgumentNullException(name, $"{name} is required.");
}
