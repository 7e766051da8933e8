"""Gradient-descent optimizers, kept apart from the network they update.

An optimizer holds its own state (velocities, moment estimates) and updates a
list of parameter arrays in place from a list of gradients of the same shapes.
"""
import numpy as np


class SGD:
    """Mini-batch stochastic gradient descent with (optionally Nesterov) momentum.

    ``v <- momentum * v - lr * g``;  ``p <- p + v``  (Nesterov: ``p <- p + momentum * v - lr * g``).
    """

    def __init__(self, params, learning_rate=0.01, momentum=0.9, nesterov=True):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov
        self.velocities = [np.zeros_like(p) for p in params]

    def step(self, params, grads):
        lr, mu = self.learning_rate, self.momentum
        for p, g, v in zip(params, grads, self.velocities):
            v *= mu
            v -= lr * g
            if self.nesterov:
                p += mu * v - lr * g
            else:
                p += v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias-corrected first and second moment estimates."""

    def __init__(self, params, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.t = 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # Fold both bias corrections into the step size (the paper's efficient form).
        lr_t = self.learning_rate * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            p -= lr_t * m / (np.sqrt(v) + self.epsilon)


OPTIMIZERS = {"sgd": SGD, "adam": Adam}
