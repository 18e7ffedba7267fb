/* The leaf of every (row, tree) pair of fabula's tree ranker (fabula/speakers/trees.py), compiled.

   trees.py lays each tree out as a complete binary tree of the forest's depth and walks all rows and
   trees at once with numpy, one depth level per step: a handful of array operations per level, which
   for the few candidate rows of one quotation cost far more than the walk itself (LightGBM's own
   predict costs as much per call). This is the same walk as a plain loop; trees.py sums the leaves
   with numpy as before, so the scores are the same bits with or without this module. It needs no
   numpy headers: the arrays come in through the buffer protocol. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static int
need(Py_buffer *b, Py_ssize_t items, Py_ssize_t size, const char *what)
{
    if (b->len != items * size) {
        PyErr_Format(PyExc_ValueError, "_walk.leaves: %s has %zd bytes, expected %zd", what, b->len,
                     items * size);
        return 0;
    }
    return 1;
}

/* Whether every node of a forest stays inside its arrays (inner nodes lead to inner nodes, the last
   inner level to leaves, no feature below 0); its largest feature index in *max_feat. */
static int
nodes_ok(const int64_t *fv, const int64_t *cv, Py_ssize_t ntrees, Py_ssize_t inner, int64_t *max_feat)
{
    Py_ssize_t last = inner / 2; /* local index of the first node of the last inner level */
    int bad = 0;
    int64_t top = 0;
    for (Py_ssize_t g = 0; g < ntrees * inner; g += inner)
        for (Py_ssize_t i = 0; i < inner; i++) {
            int64_t f = fv[g + i], c = cv[g + i];
            bad |= f < 0 || c < 0 || c + 1 >= (i >= last ? ntrees * (inner + 1) : ntrees * inner);
            top = f > top ? f : top;
        }
    *max_feat = top;
    return !bad;
}

/* The forest checked last: a ranker scores thousands of quotations with the same arrays, which
   trees.py never changes once built, so they are checked once, not at every call. */
static struct {
    PyObject *feat_owner, *child_owner; /* held, so that no other array can take these addresses */
    const void *feat, *child;
    Py_ssize_t ntrees, depth;
    int64_t max_feat;
} checked = {NULL, NULL, NULL, NULL, 0, 0, 0};

/* leaves(x, rows, nfeat, feat, thr, child, leaf, ntrees, depth, out)
   x: rows * nfeat float64; feat, child: int64 and thr: float64, ntrees * (2**depth - 1) inner nodes;
   child[g] (+1 when x[feat[g]] > thr[g]) is the next node, a leaf position after the last level;
   leaf: ntrees * 2**depth float64; out: rows * ntrees float64, written. The node arrays must not
   change once passed (they are checked the first time a forest is seen, by its arrays' addresses). */
static PyObject *
leaves(PyObject *self, PyObject *args)
{
    Py_buffer x, feat, thr, child, leaf, out;
    Py_ssize_t rows, nfeat, ntrees, depth;
    if (!PyArg_ParseTuple(args, "y*nny*y*y*y*nnw*", &x, &rows, &nfeat, &feat, &thr, &child, &leaf,
                          &ntrees, &depth, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t inner = depth > 0 ? ((Py_ssize_t)1 << depth) - 1 : 0;
    if (depth < 1 || depth > 30) {
        PyErr_SetString(PyExc_ValueError, "_walk.leaves: depth must be 1..30");
        goto done;
    }
    if (!need(&x, rows * nfeat, 8, "x") || !need(&feat, ntrees * inner, 8, "feat")
        || !need(&thr, ntrees * inner, 8, "thr") || !need(&child, ntrees * inner, 8, "child")
        || !need(&leaf, ntrees * (inner + 1), 8, "leaf") || !need(&out, rows * ntrees, 8, "out"))
        goto done;
    const double *xv = x.buf, *tv = thr.buf, *lv = leaf.buf;
    const int64_t *fv = feat.buf, *cv = child.buf;
    double *ov = out.buf;
    if (checked.feat != feat.buf || checked.child != child.buf || checked.ntrees != ntrees
        || checked.depth != depth) {
        int64_t max_feat;
        if (!nodes_ok(fv, cv, ntrees, inner, &max_feat)) {
            PyErr_SetString(PyExc_ValueError, "_walk.leaves: a node points outside the arrays");
            goto done;
        }
        Py_XINCREF(feat.obj);
        Py_XINCREF(child.obj);
        Py_XDECREF(checked.feat_owner);
        Py_XDECREF(checked.child_owner);
        checked.feat_owner = feat.obj, checked.child_owner = child.obj;
        checked.feat = feat.buf, checked.child = child.buf, checked.ntrees = ntrees, checked.depth = depth;
        checked.max_feat = max_feat;
    }
    if (checked.max_feat >= nfeat) {
        PyErr_SetString(PyExc_ValueError, "_walk.leaves: a node reads a feature outside the rows");
        goto done;
    }
    for (Py_ssize_t r = 0; r < rows; r++) {
        const double *row = xv + r * nfeat;
        for (Py_ssize_t t = 0; t < ntrees; t++) {
            int64_t g = t * inner;
            for (Py_ssize_t level = 0; level < depth; level++)
                g = cv[g] + (row[fv[g]] > tv[g]);
            ov[r * ntrees + t] = lv[g];
        }
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&x);
    PyBuffer_Release(&feat);
    PyBuffer_Release(&thr);
    PyBuffer_Release(&child);
    PyBuffer_Release(&leaf);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"leaves", leaves, METH_VARARGS, "The leaf value of every (row, tree) pair, written to out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__walk(void)
{
    return PyModule_Create(&module);
}
