package dev.roundhouse.packaging;

class Placeholder {}
