# A matplotlib backend for sessionpool's Python interpreter: draws with Agg,
# and `plt.show()` turns each open figure into a PNG the execution returns
# (as Azure's interpreter does) instead of opening a window.
import base64
import io

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase
# Set by the kernel: the list the execution's result is taken from.
IMAGES = []


def show(*args, **kwargs):
    from matplotlib import pyplot
    from matplotlib._pylab_helpers import Gcf

    for manager in Gcf.get_all_fig_managers():
        buf = io.BytesIO()
        manager.canvas.figure.savefig(buf, format="png")
        IMAGES.append(base64.b64encode(buf.getvalue()).decode("ascii"))
    pyplot.close("all")
