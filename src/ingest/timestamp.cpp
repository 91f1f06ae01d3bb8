#include "timestamp.h"
