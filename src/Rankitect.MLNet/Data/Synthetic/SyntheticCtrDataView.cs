using Microsoft.ML.Data;

namespace Rankitect.Data.Synthetic;

/// <summary>
/// Streams a generator's rows as an IDataView: "Label" (Boolean), "I1".."In" (Single, NaN = missing),
/// "C1".."Cm" (Text, empty = missing) and, only on request, "TrueProbability" (Single).
/// Every cursor regenerates rows from the seed, so the view holds no data.
/// </summary>
internal sealed class SyntheticCtrDataView : RowStreamDataView
{
    private readonly SyntheticCtrModel _model;
    private readonly long _firstRow;
    private readonly long _rowCount;
    private readonly bool _includeTrueProbability;

    public SyntheticCtrDataView(SyntheticCtrModel model, long firstRow, long rowCount, bool includeTrueProbability)
        : base(Columns(model, includeTrueProbability), rowCount)
    {
        _model = model;
        _firstRow = firstRow;
        _rowCount = rowCount;
        _includeTrueProbability = includeTrueProbability;
    }

    private static List<(string Name, DataViewType Type)> Columns(SyntheticCtrModel model, bool includeTrueProbability)
    {
        var columns = new List<(string, DataViewType)> { (SyntheticCtrGenerator.LabelColumnName, BooleanDataViewType.Instance) };
        for (int j = 0; j < model.DenseCount; j++)
            columns.Add((SyntheticCtrGenerator.DenseColumnName(j), NumberDataViewType.Single));
        for (int k = 0; k < model.CategoricalCount; k++)
            columns.Add((SyntheticCtrGenerator.CategoricalColumnName(k), TextDataViewType.Instance));
        if (includeTrueProbability)
            columns.Add((SyntheticCtrGenerator.TrueProbabilityColumnName, NumberDataViewType.Single));
        return columns;
    }

    protected override IRowReader OpenReader() => new Reader(this);

    private sealed class Reader : IRowReader
    {
        private readonly SyntheticCtrDataView _view;
        private readonly RowScratch _scratch;
        private long _next;
        private readonly long _end;

        public Reader(SyntheticCtrDataView view)
        {
            _view = view;
            _scratch = view._model.CreateScratch();
            _next = view._firstRow;
            _end = view._firstRow + view._rowCount;
        }

        public bool MoveNext(RowValues values)
        {
            if (_next >= _end)
                return false;
            long row = _next++;
            var model = _view._model;
            double probability = SyntheticCtrModel.Sigmoid(model.Generate(row, _scratch).Logit);

            int column = 0;
            values.SetBoolean(column++, model.Label(row, probability));
            foreach (float x in _scratch.Dense)
                values.SetSingle(column++, x);
            var categories = _scratch.Categories;
            for (int k = 0; k < categories.Length; k++)
            {
                // Immutable strings, not a reused buffer: ML.NET may keep the memory (see CategoryText).
                values.SetText(column++, categories[k] < 0 ? ReadOnlyMemory<char>.Empty : model.CategoryText(k, categories[k]).AsMemory());
            }
            if (_view._includeTrueProbability)
                values.SetSingle(column, (float)probability);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
