import sys
from pathlib import Path

# The renderers and the scorer are helpers shared by this folder's tests.
sys.path.insert(0, str(Path(__file__).parent))
